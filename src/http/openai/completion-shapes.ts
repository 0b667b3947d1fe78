/** What every chunk and completion of one request shares. */
export interface CompletionMeta {
  /** `chatcmpl-<run id>`: one id for the whole completion, every chunk included. */
  readonly id: string;
  /** Unix seconds when the request was accepted. */
  readonly created: number;
  /** The model name the client used (echoed). */
  readonly model: string;
}

/** Why the answer ended: `stop`, `length` (a limit cut it: output tokens or agent steps), `content_filter`. */
export type FinishReason = 'stop' | 'length' | 'content_filter';

/** OpenAI's usage object; `cost` (USD) is OpenRouter's extension, present when the provider reports it. */
export interface CompletionUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  /** OpenAI's form of the prompt tokens read from the provider's cache. */
  readonly prompt_tokens_details?: { readonly cached_tokens: number };
  readonly cost?: number;
}

/** A `chat.completion.chunk` with one choice. */
export function completionChunk(
  meta: CompletionMeta,
  delta: { role?: 'assistant'; content?: string },
  finishReason: FinishReason | null = null,
): object {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** The last chunk of a stream with `stream_options.include_usage`: no choices, the usage of the whole turn. */
export function usageChunk(meta: CompletionMeta, usage: CompletionUsage): object {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [],
    usage,
  };
}

/** A non-streamed `chat.completion`. */
export function chatCompletion(
  meta: CompletionMeta,
  content: string,
  finishReason: FinishReason,
  usage: CompletionUsage,
): object {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  };
}
