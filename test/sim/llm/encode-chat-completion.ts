import type { Completion } from './create-completion.js';

const SYSTEM_FINGERPRINT = 'fp_sim';

/**
 * Encodes a completion as the non-streaming `chat.completion` object OpenAI returns. `content` is null
 * when the turn has only tool calls; `tool_calls` is present only when there are some.
 */
export function encodeChatCompletion(completion: Completion): Record<string, unknown> {
  const text = completion.textChunks.join('');
  const { toolCalls } = completion;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: toolCalls.length > 0 && text === '' ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, message, logprobs: null, finish_reason: completion.finishReason }],
    usage: completion.usage,
  };
}
