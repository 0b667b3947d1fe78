import type { MetadataExtractor } from '@ai-sdk/openai-compatible';
import { InvalidResponseDataError } from 'ai';
import type { ChatChunk, ChatUsage, ContentPart, ToolCallDelta } from './chat-chunk.js';
import type { ProviderModel } from './create-language-model.js';
import { ToolCallTracker, type TrackedDelta } from './tool-call-tracker.js';

/** A part of a model's stream (`LanguageModelV3StreamPart`). */
export type StreamPart =
  Awaited<ReturnType<ProviderModel['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;
type FinishPart = Extract<StreamPart, { type: 'finish' }>;
type StreamExtractor = ReturnType<MetadataExtractor['createStreamExtractor']>;

/** A tool call delta seen before its name, kept until the name comes (or the stream ends). */
interface Pending {
  id: string | null;
  args: string;
  extra: ToolCallDelta['extra_content'];
}

/**
 * Turns the chunks of one chat-completions stream into model stream parts, part for part what the AI SDK's
 * `OpenAICompatibleChatLanguageModel.doStream` (`@ai-sdk/openai-compatible` 2.0.92) emits for them: response
 * metadata from the first chunk, text and reasoning runs (`txt-0`, `reasoning-0`), tool calls (see
 * {@link ToolCallTracker}; deltas before a call's name are held back, then sent as one), error parts, and at the end
 * the `finish` part with the finish reason, the usage and the provider metadata.
 */
export class ChatStreamParts {
  #first = true;
  #text = false;
  #reasoning = false;
  #refusal = false;
  #rawFinish: string | undefined;
  #error = false;
  #usage: ChatUsage | undefined;
  /** Made at the first tool call: most streams have none. */
  #tracker: ToolCallTracker | undefined;
  #pending: Map<number, Pending> | undefined;
  #forwarded: Set<number> | undefined;

  /**
   * @param emit - receives each part (the stream controller's `enqueue`)
   * @param metadataKey - the provider's name, the key of its provider metadata
   * @param extractor - the metadata extractor's state for this stream
   */
  constructor(
    private readonly emit: (part: StreamPart) => void,
    private readonly metadataKey: string,
    private readonly extractor: StreamExtractor | undefined,
  ) {}

  /** An event that was not a valid chunk: an error part, and the stream finishes with reason `error`. */
  invalid(error: unknown): void {
    this.#error = true;
    this.emit({ type: 'error', error });
  }

  /**
   * One valid chunk (or error object) of the stream.
   * @param value - the chunk
   * @param raw - the parsed JSON it came from, for the metadata extractor
   */
  chunk(value: ChatChunk | { readonly error: unknown }, raw: unknown): void {
    this.extractor?.processChunk(raw);
    if ('error' in value) {
      this.#error = true;
      this.emit({ type: 'error', error: value.error });
      return;
    }
    if (this.#first) {
      this.#first = false;
      const { id, model, created } = value;
      this.emit({
        type: 'response-metadata',
        id: id ?? undefined,
        modelId: model ?? undefined,
        timestamp: created != null ? new Date(created * 1000) : undefined,
      });
    }
    if (value.usage != null) this.#usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason != null) this.#rawFinish = choice.finish_reason;
    const delta = choice?.delta;
    if (delta == null) return;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) this.#reasoningDelta(reasoning);
    const content = delta.content;
    if (typeof content === 'string') {
      if (content.length > 0) this.#textDelta(content);
    } else if (content != null) this.#contentParts(content);
    const refusal = delta.refusal;
    if (typeof refusal === 'string' && refusal.length > 0) {
      this.#refusal = true;
      this.#textDelta(refusal);
    }
    const calls = delta.tool_calls;
    if (calls != null && calls.length > 0) {
      this.#endReasoning();
      for (const call of calls) this.#toolCallDelta(call);
    }
  }

  /** The end of the stream: open runs and tool calls finished, then the `finish` part. */
  flush(): void {
    this.#endReasoning();
    if (this.#text) this.emit({ type: 'text-end', id: 'txt-0' });
    if (this.#pending) {
      for (const [index, pending] of this.#pending)
        this.#tracker!.processDelta({ index, id: pending.id, function: { arguments: pending.args } });
      this.#pending.clear();
    }
    this.#tracker?.flush();
    let finishReason: FinishPart['finishReason'] | undefined = this.#error
      ? { unified: 'error', raw: undefined }
      : undefined;
    if (this.#rawFinish != null)
      finishReason = { unified: mapFinishReason(this.#rawFinish, this.#refusal), raw: this.#rawFinish };
    if (finishReason == null) {
      finishReason = { unified: 'error', raw: undefined };
      this.emit({
        type: 'error',
        error: new InvalidResponseDataError({
          data: undefined,
          message: 'Response stream ended without a finish reason.',
        }),
      });
    }
    const own: Record<string, number> = {};
    const providerMetadata = { [this.metadataKey]: own, ...this.extractor?.buildMetadata() };
    const details = this.#usage?.completion_tokens_details;
    if (details?.accepted_prediction_tokens != null)
      providerMetadata[this.metadataKey]!.acceptedPredictionTokens = details.accepted_prediction_tokens;
    if (details?.rejected_prediction_tokens != null)
      providerMetadata[this.metadataKey]!.rejectedPredictionTokens = details.rejected_prediction_tokens;
    this.emit({ type: 'finish', finishReason, usage: convertUsage(this.#usage), providerMetadata });
  }

  #contentParts(parts: readonly ContentPart[]): void {
    for (const part of parts) {
      if (part.type === 'text' && typeof part.text === 'string') {
        if (part.text.length > 0) this.#textDelta(part.text);
      } else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
        const text = (part.thinking as unknown[])
          .filter(
            (c): c is { text: string } =>
              c != null &&
              typeof c === 'object' &&
              'type' in c &&
              c.type === 'text' &&
              'text' in c &&
              typeof c.text === 'string',
          )
          .map((c) => c.text)
          .join('');
        if (text.length > 0) this.#reasoningDelta(text);
      }
    }
  }

  #reasoningDelta(delta: string): void {
    if (this.#text) {
      this.emit({ type: 'text-end', id: 'txt-0' });
      this.#text = false;
    }
    if (!this.#reasoning) {
      this.emit({ type: 'reasoning-start', id: 'reasoning-0' });
      this.#reasoning = true;
    }
    this.emit({ type: 'reasoning-delta', id: 'reasoning-0', delta });
  }

  #textDelta(delta: string): void {
    this.#endReasoning();
    if (!this.#text) {
      this.emit({ type: 'text-start', id: 'txt-0' });
      this.#text = true;
    }
    this.emit({ type: 'text-delta', id: 'txt-0', delta });
  }

  #endReasoning(): void {
    if (!this.#reasoning) return;
    this.emit({ type: 'reasoning-end', id: 'reasoning-0' });
    this.#reasoning = false;
  }

  /** A delta before its call's name is held back (by index); with the name, it goes to the tracker with them. */
  #toolCallDelta(delta: ToolCallDelta): void {
    const tracker = (this.#tracker ??= new ToolCallTracker(this.emit, this.metadataKey));
    const index = delta.index;
    if (index == null || this.#forwarded?.has(index)) {
      tracker.processDelta(delta);
      return;
    }
    const pendingCalls = (this.#pending ??= new Map<number, Pending>());
    let pending = pendingCalls.get(index);
    if (pending == null) {
      pending = { id: delta.id ?? null, args: '', extra: delta.extra_content ?? null };
      pendingCalls.set(index, pending);
    } else {
      if (pending.id == null && delta.id != null) pending.id = delta.id;
      if (pending.extra == null && delta.extra_content != null) pending.extra = delta.extra_content;
    }
    const args = delta.function.arguments;
    if (args != null) pending.args += args;
    const name = delta.function.name;
    if (name == null) return;
    const assembled: TrackedDelta = {
      index,
      id: pending.id,
      function: { name, arguments: pending.args },
      extra_content: pending.extra ?? undefined,
    };
    pendingCalls.delete(index);
    (this.#forwarded ??= new Set()).add(index);
    tracker.processDelta(assembled);
  }
}

/** The AI SDK's `mapOpenAICompatibleFinishReason`. */
function mapFinishReason(reason: string, refusal: boolean): FinishPart['finishReason']['unified'] {
  switch (reason) {
    case 'stop':
      return refusal ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** The AI SDK's `convertOpenAICompatibleChatUsage`: token counts in the V3 shape, the wire usage as `raw`. */
function convertUsage(usage: ChatUsage | undefined): FinishPart['usage'] {
  if (usage == null)
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      raw: undefined,
    };
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: { total: prompt, noCache: prompt - cacheRead, cacheRead, cacheWrite: undefined },
    outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
    raw: usage as FinishPart['usage']['raw'],
  };
}
