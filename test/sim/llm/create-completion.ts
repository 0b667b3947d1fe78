import type { SimReply } from './llm-simulator.js';
import { messageText } from './message-text.js';
import { randomId } from './random-id.js';
import { splitText } from './split-text.js';

/** Token usage as OpenAI reports it, plus OpenRouter's optional `cost` (USD) and Polza's `cost_rub` (roubles). */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Prompt tokens the provider read from its prompt cache, as OpenAI reports them. */
  prompt_tokens_details?: { cached_tokens: number };
  cost?: number;
  cost_rub?: number;
}

/** A tool call with its id assigned and its arguments serialised, as it goes on the wire. */
export interface WireToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One assistant turn resolved from a {@link SimReply}: everything the streaming and non-streaming
 * encoders need, fixed once so both encodings (and every chunk) agree on ids, timestamps and usage.
 */
export interface Completion {
  id: string;
  created: number;
  model: string;
  /** Content pieces in streaming order (a string reply already split into `chunkSize` pieces). */
  textChunks: string[];
  toolCalls: WireToolCall[];
  finishReason: string;
  usage: WireUsage;
  /** Characters per streamed tool-call argument fragment. */
  chunkSize: number;
}

function promptChars(body: unknown): number {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return 0;
  let chars = 0;
  for (const message of messages as unknown[]) {
    if (typeof message !== 'object' || message === null) continue;
    const { content, tool_calls: toolCalls } = message as { content?: unknown; tool_calls?: unknown };
    chars += messageText(content).length;
    if (!Array.isArray(toolCalls)) continue;
    for (const call of toolCalls as unknown[]) {
      const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
      if (typeof fn?.name === 'string') chars += fn.name.length;
      if (typeof fn?.arguments === 'string') chars += fn.arguments.length;
    }
  }
  return chars;
}

/**
 * Resolves a reply for a request body: assigns the `chatcmpl-…` id, `created`, tool call ids, the
 * finish reason (`tool_calls` when there are tool calls, else `stop`, unless the reply says otherwise)
 * and usage (the reply's, or estimated as characters / 4 of the request messages and of the reply).
 */
export function createCompletion(reply: SimReply, body: unknown, chunkSize: number): Completion {
  const model = (body as { model?: unknown } | null)?.model;
  const textChunks =
    reply.text === undefined
      ? []
      : typeof reply.text === 'string'
        ? splitText(reply.text, chunkSize)
        : reply.text;
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({
    id: call.id ?? randomId('call_', 24),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  let usage: WireUsage;
  if (reply.usage === undefined) {
    let replyChars = 0;
    for (const piece of textChunks) replyChars += piece.length;
    for (const call of toolCalls) replyChars += call.name.length + call.arguments.length;
    const prompt = Math.ceil(promptChars(body) / 4);
    const completion = Math.ceil(replyChars / 4);
    usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  } else {
    const {
      prompt_tokens: prompt,
      completion_tokens: completion,
      cached_tokens: cached,
      cost,
      cost_rub: costRub,
    } = reply.usage;
    usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
    if (cost !== undefined) usage.cost = cost;
    if (costRub !== undefined) usage.cost_rub = costRub;
  }
  return {
    id: randomId('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: typeof model === 'string' ? model : '',
    textChunks,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage,
    chunkSize,
  };
}
