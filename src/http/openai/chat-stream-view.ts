import type { FastifyReply } from 'fastify';
import type { RunStream } from '../../runs/run-stream.js';
import { SseWriter } from '../sse-writer.js';
import { completionChunk, usageChunk, type CompletionMeta } from './completion-shapes.js';
import { CompletionState } from './completion-state.js';
import { toOpenAiError } from './openai-error.js';

/** Options of {@link streamChatCompletion}. */
export interface ChatStreamOptions {
  readonly meta: CompletionMeta;
  /** Send a last chunk with `usage` and `choices: []` (`stream_options.include_usage`). */
  readonly includeUsage: boolean;
  /**
   * How long the response may wait for the first content (or the run's end) before its headers go out.
   * Until then a failure can still be an HTTP error; after it, pings keep the connection alive.
   */
  readonly holdMs: number;
  /** Silence before a `: ping` comment line. */
  readonly heartbeatMs: number;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
}

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/**
 * The OpenAI streaming view of a run: `chat.completion.chunk`s that all share one id and `created`, the role in
 * the first delta, content deltas (never cumulative), a chunk with `finish_reason`, the usage chunk when asked
 * for, then `data: [DONE]`. Comment lines (`: ping`) keep an idle stream alive.
 *
 * The response is held back until there is something to say (the first content, or the run's end) or
 * `holdMs` passes. A run that fails before that (queue timeout, LLM failure on the first call) rejects with its
 * AppError, so the route answers with a real HTTP status. A failure after the stream has started is sent as
 * `data: {"error": {…}}` followed by `data: [DONE]`, as vLLM and OpenRouter do; the OpenAI SDKs throw it.
 * @throws AppError the run's error when it failed before anything was sent
 */
export async function streamChatCompletion(
  run: RunStream,
  reply: FastifyReply,
  options: ChatStreamOptions,
): Promise<void> {
  const { meta, signal } = options;
  const state = new CompletionState();
  let writer: SseWriter | undefined;
  const open = (): SseWriter => {
    if (writer) return writer;
    reply.hijack();
    writer = new SseWriter(reply.raw, { heartbeatMs: options.heartbeatMs, heartbeat: ': ping\n\n' });
    void writer.write(frame(completionChunk(meta, { role: 'assistant', content: '' })));
    return writer;
  };
  const hold = setTimeout(() => {
    if (!signal.aborted) open();
  }, options.holdMs);

  try {
    for await (const event of run.follow(0, signal)) {
      const delta = state.add(event);
      if (delta !== '') await open().write(frame(completionChunk(meta, { content: delta })));
      if (event.type !== 'run-end') continue;
      const error = state.error;
      if (error && !writer) throw error;
      const out = open();
      if (error) {
        await out.write(frame(toOpenAiError(error)));
      } else {
        await out.write(frame(completionChunk(meta, {}, state.finishReason)));
        if (options.includeUsage) await out.write(frame(usageChunk(meta, state.usage)));
      }
      await out.write('data: [DONE]\n\n');
    }
  } finally {
    clearTimeout(hold);
    if (writer) await writer.end();
    // The client left before anything was sent: nothing to answer.
    else if (signal.aborted) reply.hijack();
  }
}

/**
 * Follows a run to its end for a non-streamed completion.
 * @returns the folded state; its `status` is undefined when the client went away first
 */
export async function collectChatCompletion(run: RunStream, signal: AbortSignal): Promise<CompletionState> {
  const state = new CompletionState();
  for await (const event of run.follow(0, signal)) state.add(event);
  return state;
}
