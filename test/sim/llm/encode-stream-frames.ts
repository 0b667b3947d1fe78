import type { Completion } from './create-completion.js';
import { splitText } from './split-text.js';

const SYSTEM_FINGERPRINT = 'fp_sim';

/** The SSE frames (`data: …\n\n`) of one streamed completion, grouped by where a stream may stop. */
export interface StreamFrames {
  /** The first chunk: delta `{ role: 'assistant', content: '' }`. */
  role: string;
  /** One frame per content piece, then per tool call a header frame and its argument fragments. */
  deltas: string[];
  /** The empty-delta chunk carrying `finish_reason`. */
  finish: string;
  /** What follows the finish chunk back to back: the usage chunk (if asked for) and `data: [DONE]`. */
  trailer: string[];
}

function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/**
 * Encodes a completion as OpenAI's `chat.completion.chunk` stream. With `includeUsage`
 * (`stream_options.include_usage`), every chunk carries `usage: null` and a final chunk with
 * `choices: []` carries the usage, as OpenAI does. `finishUsage` puts the usage on the finish chunk as some
 * providers always do, asked or not: Mistral's `usage`, Groq's `x_groq.usage`.
 */
export function encodeStreamFrames(
  completion: Completion,
  includeUsage: boolean,
  finishUsage: 'none' | 'usage' | 'x_groq' = 'none',
): StreamFrames {
  const { id, created, model } = completion;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
    frame({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });

  const deltas = completion.textChunks.map((content) => chunk({ content }, null));
  completion.toolCalls.forEach((call, index) => {
    deltas.push(
      chunk(
        {
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        },
        null,
      ),
    );
    for (const fragment of splitText(call.arguments, completion.chunkSize)) {
      deltas.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, null));
    }
  });

  const trailer: string[] = [];
  if (includeUsage) {
    trailer.push(
      frame({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [],
        usage: completion.usage,
      }),
    );
  }
  trailer.push('data: [DONE]\n\n');

  return {
    role: chunk({ role: 'assistant', content: '', refusal: null }, null),
    deltas,
    finish:
      finishUsage === 'none'
        ? chunk({}, completion.finishReason)
        : frame({
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            choices: [{ index: 0, delta: {}, finish_reason: completion.finishReason }],
            ...(finishUsage === 'usage'
              ? { usage: completion.usage }
              : { x_groq: { id, usage: completion.usage } }),
          }),
    trailer,
  };
}
