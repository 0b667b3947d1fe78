import { setTimeout as sleep } from 'node:timers/promises';
import { APICallError } from 'ai';
import type { AppError } from '../errors/app-error.js';
import type { ProviderModel } from './create-language-model.js';
import { networkErrorCode } from './llm-error.js';
import type { ActiveModel } from './provider-connection.js';

type StreamResult = Awaited<ReturnType<ProviderModel['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type StreamParams = Parameters<ProviderModel['doStream']>[0];

/** A move from one model to the next, with why. */
export interface ModelFallback {
  readonly from: ActiveModel;
  readonly to: ActiveModel;
  /** The failure of `from`, as a person reads it. */
  readonly error: AppError;
}

/** Options of {@link FailoverModel}. */
export interface FailoverOptions {
  /** Retries of a call that failed with a retryable error (429, 5xx, network), per model, before moving on. */
  readonly maxRetries: number;
  /** How long a model may take to start its answer when another model is left to move to. */
  readonly firstChunkTimeoutMs: number;
  /** Told of each move, before the next model is called. */
  readonly onFallback: (fallback: ModelFallback) => void;
  /** First retry delay; doubled for each further one (the AI SDK's 2 s by default). */
  readonly retryDelayMs?: number;
}

/** Parts of a stream that come before the answer itself (they do not show that the model is answering). */
const PRELUDE = new Set<StreamPart['type']>(['stream-start', 'response-metadata', 'raw']);

/** The stream failed before its first part of an answer; `cause` is what the provider sent or threw. */
class StreamStartError extends Error {
  override readonly name = 'StreamStartError';
}

/**
 * One turn's LLM: the run's model and, after it, the fallback models. Each call goes to the current model, with
 * retries of retryable errors (honouring `retry-after`, as the AI SDK does); when the model fails before it
 * streamed any part of an answer (HTTP 5xx or 429 after the retries, 408, a refused connection, no answer within
 * `firstChunkTimeoutMs`, an error in place of the first chunk), the call moves to the next model, and so does
 * the rest of the turn. A failure after the answer began is the call's failure, as without fallbacks. Use it with
 * the AI SDK's own retries off (`maxRetries: 0`).
 */
export class FailoverModel {
  readonly #candidates: readonly ActiveModel[];
  readonly #options: FailoverOptions;
  #index = 0;

  /** @param candidates - the run's model first, then the fallbacks in order */
  constructor(candidates: readonly ActiveModel[], options: FailoverOptions) {
    this.#candidates = candidates;
    this.#options = options;
  }

  /** The model calls go to now. */
  get current(): ActiveModel {
    return this.#candidates[this.#index]!;
  }

  /** The current model's provider, as its AI SDK model names it. */
  get provider(): string {
    return (this.current.model as ProviderModel).provider;
  }

  /** The current model's id. */
  get modelId(): string {
    return this.current.modelId;
  }

  /**
   * Streams one LLM call (a language model's `doStream`) through the failover.
   * @param params - the call
   */
  async doStream(params: StreamParams): Promise<StreamResult> {
    for (;;) {
      const candidate = this.current;
      const last = this.#index === this.#candidates.length - 1;
      try {
        return await this.#withRetries(candidate, params, last);
      } catch (error) {
        if (params.abortSignal?.aborted || last || !isProviderFailure(error)) throw unwrap(error);
        this.#index += 1;
        this.#options.onFallback({
          from: candidate,
          to: this.current,
          error: candidate.toError(unwrap(error), false),
        });
      }
    }
  }

  /** Calls one model; retries retryable errors, except a connection that fails when another model is left. */
  async #withRetries(candidate: ActiveModel, params: StreamParams, last: boolean): Promise<StreamResult> {
    const model = candidate.model as ProviderModel;
    for (let attempt = 0; ; attempt++) {
      try {
        return last
          ? await model.doStream(params)
          : await firstAnswer(model, params, this.#options.firstChunkTimeoutMs);
      } catch (error) {
        const retryable =
          APICallError.isInstance(error) &&
          error.isRetryable &&
          !(!last && error.statusCode === undefined) &&
          attempt < this.#options.maxRetries;
        if (!retryable || params.abortSignal?.aborted) throw error;
        const backoff = (this.#options.retryDelayMs ?? 2000) * 2 ** attempt;
        await sleep(retryDelay(error, backoff), undefined, { signal: params.abortSignal });
      }
    }
  }
}

/**
 * Calls the model and waits for the first part of its answer (within `timeoutMs`); the stream returned replays
 * what was read, then goes on.
 * @throws the call's error; a {@link StreamStartError} when the stream failed or ended in error before answering;
 *   a `TimeoutError` when nothing came in time
 */
async function firstAnswer(
  model: ProviderModel,
  params: StreamParams,
  timeoutMs: number,
): Promise<StreamResult> {
  const attempt = new AbortController();
  const signal = params.abortSignal ? AbortSignal.any([params.abortSignal, attempt.signal]) : attempt.signal;
  const timer = setTimeout(
    () =>
      attempt.abort(
        Object.assign(new Error(`The model did not start its answer within ${timeoutMs / 1000} s.`), {
          name: 'TimeoutError',
        }),
      ),
    timeoutMs,
  );
  try {
    const result = await model.doStream({ ...params, abortSignal: signal });
    const reader = result.stream.getReader();
    const head: StreamPart[] = [];
    try {
      for (;;) {
        const next = await Promise.race([reader.read(), aborted(attempt.signal)]);
        if (next.done) break;
        if (next.value.type === 'error')
          throw new StreamStartError('error in place of an answer', { cause: next.value.error });
        head.push(next.value);
        if (!PRELUDE.has(next.value.type)) break;
      }
    } catch (error) {
      void reader.cancel().catch(() => undefined);
      throw attempt.signal.aborted && !params.abortSignal?.aborted
        ? attempt.signal.reason
        : error instanceof StreamStartError
          ? error
          : new StreamStartError('stream failed before an answer', { cause: error });
    }
    const stream = new ReadableStream<StreamPart>({
      start(controller) {
        for (const part of head) controller.enqueue(part);
      },
      async pull(controller) {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return { ...result, stream };
  } catch (error) {
    throw attempt.signal.aborted && !params.abortSignal?.aborted ? attempt.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** A promise that rejects with the signal's reason when it aborts (never resolves otherwise). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/**
 * Whether an error says the model's provider failed (so another may answer) rather than that the request was
 * wrong: HTTP 5xx, 429 or 408, a network failure, a timeout, a stream that failed before it answered.
 */
function isProviderFailure(error: unknown): boolean {
  if (error instanceof StreamStartError) return true;
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return true;
    return status >= 500 || status === 429 || status === 408;
  }
  return networkErrorCode(error) !== undefined;
}

/** What a person should read of an error: a failed stream start is its cause. */
function unwrap(error: unknown): unknown {
  return error instanceof StreamStartError ? error.cause : error;
}

/** The provider's `retry-after-ms` / `retry-after` when under a minute, else the exponential backoff. */
function retryDelay(error: APICallError, backoff: number): number {
  const headers = error.responseHeaders ?? {};
  let ms: number | undefined;
  const afterMs = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (!Number.isNaN(afterMs)) ms = afterMs;
  const after = headers['retry-after'];
  if (ms === undefined && after !== undefined) {
    const seconds = Number.parseFloat(after);
    ms = Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
  }
  return ms !== undefined && ms >= 0 && (ms < 60_000 || ms < backoff) ? ms : backoff;
}
