import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import { benchAgent } from './bench-agent.js';

/**
 * The baseline of the first-frame latency: POSTs a streaming chat completion straight to the LLM simulator,
 * with the same client as `askStream`, and measures the ms from sending it to the first chunk with
 * content, then reads the stream to its end.
 * @param simUrl - the simulator's base URL (`sim.url`, ending in `/v1`)
 * @param question - the user message
 * @throws Error when the stream has no content chunk
 */
export async function simFirstChunkMs(simUrl: string, question: string): Promise<number> {
  const started = performance.now();
  const response = await request(`${simUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'sim-model',
      stream: true,
      messages: [{ role: 'user', content: question }],
    }),
    dispatcher: benchAgent,
  });
  if (response.statusCode !== 200) throw new Error(`simulator answered ${response.statusCode}`);
  let firstMs: number | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (firstMs !== undefined || event.data === '[DONE]') return;
      const chunk = JSON.parse(event.data) as { choices?: { delta?: { content?: string } }[] };
      if (chunk.choices?.[0]?.delta?.content) firstMs = performance.now() - started;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  if (firstMs === undefined) throw new Error('the simulator stream had no content chunk');
  return firstMs;
}
