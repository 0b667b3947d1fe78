import type { AnswerSource } from './call-server-core.js';

/**
 * The answer straight from an OpenAI-compatible `POST /chat/completions` stream with `fetch`: the SSE lines split by
 * hand, each `data:` line parsed, its `choices[0].delta.content` yielded. No schema validation, no tools.
 * @param baseUrl - the LLM's base URL, `…/v1`
 */
export function bareAnswerSource(baseUrl: string): AnswerSource {
  return async function* (question) {
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({
        model: 'sim-model',
        stream: true,
        messages: [{ role: 'user', content: question }],
      }),
    });
    if (!response.ok || !response.body) throw new Error(`LLM answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        const delta = (JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] })
          .choices?.[0]?.delta?.content;
        if (delta) yield delta;
      }
    }
  };
}
