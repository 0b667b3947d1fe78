import { wrapLanguageModel, type LanguageModel } from 'ai';
import type { Logger } from 'pino';
import type { Config, ProviderId } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { cacheMarker, type ProviderOptions } from './cache-marker.js';
import { priceOf, type ModelPrice } from './model-prices.js';
import { CallHealth } from './call-health.js';
import { discoverModels, type ModelInfo } from './discover-models.js';
import { toDiscoveryFailure } from './discovery-error.js';
import { displayUrl, isProviderDown, toLlmAppError } from './llm-error.js';
import type { ProviderSettings } from './provider-settings.js';
import { createLanguageModel, providerFetch, type ProviderModel } from './create-language-model.js';

/** The error of a run that needed the model before the provider was set up. */
export function initializingError(): AppError {
  return new AppError('APP_INITIALIZING', 'Application is initializing... Try again in a moment.');
}

/**
 * Whether the agent's model can be used, and why not: `initializing` until the first model discovery ends;
 * `unavailable` when it failed (runs fail at once with the cause while discovery is retried in the background);
 * `degraded` when the provider was set up but its latest calls all failed (runs still go to it, and one
 * success makes it `ready` again).
 */
export type LlmState =
  | { readonly state: 'initializing'; readonly reason: string }
  | { readonly state: 'not-configured'; readonly reason: string }
  | { readonly state: 'unavailable'; readonly reason: string }
  | {
      readonly state: 'degraded';
      readonly reason: string;
      /** The default provider is down but runs start on a fallback model: the server can still answer. */
      readonly onFallback?: true;
    }
  | { readonly state: 'ready' };

/** The model one run uses. */
export interface ActiveModel {
  readonly model: LanguageModel;
  /** The model id as its provider names it. */
  readonly modelId: string;
  readonly provider: ProviderId;
  /** `provider:modelId`: the name that picks this model among every configured provider's. */
  readonly ref: string;
  readonly contextTokens: number;
  /** Put on the system message: asks the provider to cache the prompt's static prefix, where it must be asked. */
  readonly systemProviderOptions: ProviderOptions | undefined;
  /** What its tokens cost (`MODEL_PRICES_FILE`, else the provider's model list), for calls the provider does not price. */
  readonly price: ModelPrice | undefined;
  /** Maps an error thrown by a call to this model into an {@link AppError} naming its provider. */
  readonly toError: (error: unknown, streamed: boolean) => AppError;
  /** Whether it takes images (uploaded images then go to it as image parts), as its provider lists it. */
  readonly vision: boolean;
}

/** Discovery retries after a failure: the first after this long, then twice as long each time… */
const RETRY_FIRST_MS = 1000;
/** …up to this. */
const RETRY_MAX_MS = 30_000;
/** A question arriving while the provider is unavailable starts a retry at once, at most this often. */
const NUDGE_MIN_MS = 1000;
/** Context window assumed when neither AGENT_CONTEXT_TOKENS nor the provider tells it. */
export const DEFAULT_CONTEXT_TOKENS = 131_072;

/**
 * Owns one LLM provider: builds the AI SDK models, learns the models and their context windows from the provider
 * at start-up (and picks the first listed when no model is configured), and reports readiness.
 */
export class ProviderConnection {
  readonly #config: Config;
  readonly #log: Logger;
  readonly #settings: ProviderSettings;
  /** The set-up state; `degraded` is never stored here but derived from {@link CallHealth} once ready. */
  #state: Exclude<LlmState, { state: 'degraded' }>;
  /** Why runs fail while the state is `unavailable`. */
  #failure: AppError | undefined;
  #active: ActiveModel | undefined;
  #models: ModelInfo[] = [];
  readonly #others = new Map<string, ActiveModel>();
  readonly #health = new CallHealth();
  #waiters: (() => void)[] = [];
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs = RETRY_FIRST_MS;
  #nextTryAt = 0;
  #attempt: Promise<void> | undefined;
  #lastAttemptAt = 0;
  readonly #abort = new AbortController();

  readonly #prices: ReadonlyMap<string, ModelPrice>;
  /** The `fetch` of the provider's calls with the server's key (GigaChat's), else the global one. */
  readonly #fetch: typeof fetch;

  /**
   * @param settings - how to reach the provider
   * @param prices - the operator's price table (`MODEL_PRICES_FILE`)
   */
  constructor(
    config: Config,
    settings: ProviderSettings,
    log: Logger,
    prices: ReadonlyMap<string, ModelPrice> = new Map(),
  ) {
    this.#prices = prices;
    this.#config = config;
    this.#log = log.child({ component: 'llm', provider: settings.provider });
    this.#settings = settings;
    this.#fetch = providerFetch(settings, settings.apiKey) ?? fetch;
    this.#state = this.#settings.missing
      ? { state: 'not-configured', reason: this.#settings.missing }
      : { state: 'initializing', reason: `asking ${this.#settings.provider} for its models` };
  }

  /** Starts initialization in the background; safe to call once. */
  start(): void {
    if (this.#state.state === 'not-configured') {
      this.#log.warn({ reason: this.#state.reason }, 'LLM provider not configured');
      return;
    }
    this.#tryNow();
  }

  /** The current state, with the reason when it is not `ready`. */
  get status(): LlmState {
    const s = this.#state;
    if (s.state === 'ready') {
      const down = this.#health.downReason;
      return down === undefined ? s : { state: 'degraded', reason: down };
    }
    if (s.state === 'unavailable') {
      const inS = Math.max(0, Math.ceil((this.#nextTryAt - Date.now()) / 1000));
      return {
        state: 'unavailable',
        reason: `${s.reason} Retrying in the background (next try in ${inS} s).`,
      };
    }
    return s;
  }

  /** The provider's settings (without the key). */
  get provider(): { provider: ProviderId; baseUrl: string; model: string | undefined } {
    return {
      provider: this.#settings.provider,
      baseUrl: this.#settings.baseUrl,
      // The active model once ready; before that the configured one (or the provider's default), if any.
      model: this.#active?.modelId ?? this.#settings.model,
    };
  }

  /** Models the provider listed at start-up (may be empty when it could not tell). */
  get models(): readonly ModelInfo[] {
    return this.#models;
  }

  /**
   * Resolves with the active model once ready (or degraded: only a call can tell whether it is back).
   * @throws AppError LLM_NOT_CONFIGURED at once when no provider is configured
   * @throws AppError the cause (LLM_UNAVAILABLE…) at once while discovery has failed, also when it fails
   *   during the wait; such a call also starts a retry now rather than at the next backoff step
   * @throws the signal's reason when it aborts first
   */
  async whenReady(signal: AbortSignal): Promise<ActiveModel> {
    for (;;) {
      const s = this.#state;
      if (s.state === 'not-configured') throw new AppError('LLM_NOT_CONFIGURED', s.reason);
      if (s.state === 'ready') return this.#active!;
      if (s.state === 'unavailable') {
        if (Date.now() - this.#lastAttemptAt >= NUDGE_MIN_MS) this.#tryNow();
        throw this.#failure!;
      }
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason as Error);
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  /**
   * The model for one run: the configured one, or another the provider listed at start-up (the web chat offers
   * the list). Models are built once per id, except with a client's own key.
   * @param modelId - the model as the provider names it
   * @param options - `apiKey`: a client's own key for this run; `unlisted`: build the model even when the provider
   *   did not list it or has not answered yet (a fallback model named by the operator: the call tells)
   * @throws AppError MODEL_NOT_FOUND for an id the provider did not list; LLM_NOT_CONFIGURED, the discovery
   *   failure or APP_INITIALIZING when there is no active model yet
   */
  modelFor(modelId: string, options: { apiKey?: string; unlisted?: boolean } = {}): ActiveModel {
    const active = this.#active;
    if (!active && !options.unlisted)
      throw this.#state.state === 'not-configured'
        ? new AppError('LLM_NOT_CONFIGURED', this.#state.reason)
        : (this.#failure ?? initializingError());
    if (options.apiKey === undefined) {
      if (modelId === active?.modelId) return active;
      const cached = this.#others.get(modelId);
      if (cached) return cached;
    }
    const info = this.#models.find((m) => m.id === modelId);
    if (!info && !options.unlisted && modelId !== active?.modelId)
      throw new AppError(
        'MODEL_NOT_FOUND',
        `Model "${modelId.slice(0, 100)}" is not offered by this server; ${this.#settings.provider} lists ${this.#models.length} model(s) (GET /api/config).`,
      );
    const made = this.#activeModel(modelId, info, options.apiKey);
    if (options.apiKey === undefined) this.#others.set(modelId, made);
    return made;
  }

  /** Maps an error thrown by a call to this provider into an {@link AppError}. */
  toError(error: unknown, streamed: boolean, apiKey?: string): AppError {
    return toLlmAppError(error, {
      provider: this.#settings.provider,
      keyVariable: this.#settings.keyVariable,
      baseUrlVariable: this.#settings.baseUrlVariable,
      baseUrl: this.#settings.baseUrl,
      streamed,
      secrets: [this.#settings.apiKey, apiKey],
    });
  }

  /** Stops background retries. */
  close(): void {
    clearTimeout(this.#retryTimer);
    this.#abort.abort();
  }

  /** Starts a discovery attempt unless one is under way (or the provider is ready, or the service closed). */
  #tryNow(): void {
    if (this.#attempt || this.#state.state === 'ready' || this.#abort.signal.aborted) return;
    clearTimeout(this.#retryTimer);
    this.#lastAttemptAt = Date.now();
    this.#attempt = this.#discover().finally(() => {
      this.#attempt = undefined;
      this.#lastAttemptAt = Date.now();
    });
  }

  async #discover(): Promise<void> {
    const s = this.#settings;
    try {
      const signal = AbortSignal.any([
        this.#abort.signal,
        AbortSignal.timeout(this.#config.llm.startupTimeoutMs),
      ]);
      this.#models = await discoverModels(
        s.baseUrl,
        s.apiKey,
        signal,
        s.provider === 'gemini' ? 'gemini' : 'openai',
        this.#fetch,
      );
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      const failure = toDiscoveryFailure(error, { ...s, timeoutMs: this.#config.llm.startupTimeoutMs });
      // A provider that is down fails every run, configured model or not; without a model id there is nothing
      // to run whatever the reason. Otherwise (no /models route, say) the configured model is tried as is.
      if (failure.providerDown || s.model === undefined) return this.#fail(failure.error);
      this.#log.warn(
        { why: failure.error.message, model: s.model },
        'could not read the model list; using the configured model and context window',
      );
    }
    // This server's pick for a provider gives way to what the provider lists; the operator's does not.
    const picked =
      s.modelConfigured || this.#models.length === 0 || this.#models.some((m) => m.id === s.model)
        ? s.model
        : undefined;
    const modelId = picked ?? this.#models[0]?.id;
    if (modelId === undefined)
      return this.#fail(
        new AppError(
          'LLM_UNAVAILABLE',
          `The LLM provider (${s.provider} at ${displayUrl(s.baseUrl)}) lists no models at GET /models. Set AGENT_DEFAULT_MODEL or load a model.`,
        ),
      );
    const info = this.#models.find((m) => m.id === modelId);
    if (this.#models.length > 0 && !info)
      this.#log.warn({ model: modelId }, 'the provider does not list the configured model');
    this.#active = this.#activeModel(modelId, info, undefined);
    this.#state = { state: 'ready' };
    this.#failure = undefined;
    this.#retryMs = RETRY_FIRST_MS;
    this.#log.info({ model: modelId, contextTokens: this.#active.contextTokens }, 'LLM provider ready');
    this.#wakeWaiters();
  }

  /** Discovery failed: runs fail with `error` from now on, and a retry is scheduled with backoff. */
  #fail(error: AppError): void {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(delay * 2, RETRY_MAX_MS);
    this.#failure = error;
    this.#nextTryAt = Date.now() + delay;
    this.#state = { state: 'unavailable', reason: error.message };
    this.#log.warn({ code: error.code, reason: error.message, retryInMs: delay }, 'LLM provider unavailable');
    this.#retryTimer = setTimeout(() => this.#tryNow(), delay);
    this.#retryTimer.unref();
    // Runs waiting for the first discovery fail now, with the cause, instead of at their queue deadline.
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Wraps a model so that every call to the provider tells {@link CallHealth} how it went. */
  #observed(model: ProviderModel): LanguageModel {
    const observe = async <T>(call: () => PromiseLike<T>): Promise<T> => {
      try {
        const result = await call();
        // The provider answered (for a stream: the response started); what the stream does next is the run's.
        this.#health.succeeded();
        return result;
      } catch (error) {
        if (isProviderDown(error)) this.#health.failed(this.toError(error, false).message);
        throw error;
      }
    };
    return wrapLanguageModel({
      model,
      middleware: {
        specificationVersion: 'v3',
        wrapGenerate: ({ doGenerate }) => observe(doGenerate),
        wrapStream: ({ doStream }) => observe(doStream),
      },
    });
  }

  /** Builds a model of this provider, observed by {@link CallHealth} unless it runs on a client's own key. */
  #activeModel(modelId: string, info: ModelInfo | undefined, apiKey: string | undefined): ActiveModel {
    const provider = this.#settings.provider;
    // The server's key shares one fetch (GigaChat's caches its token); a client's key gets its own.
    const built = createLanguageModel(
      this.#settings,
      modelId,
      apiKey ?? this.#settings.apiKey,
      apiKey === undefined ? this.#fetch : undefined,
    );
    return {
      // A client's key failing says nothing about the server's own: it does not count against readiness.
      model: apiKey === undefined ? this.#observed(built) : built,
      modelId,
      provider,
      ref: `${provider}:${modelId}`,
      contextTokens: this.#config.agent.contextTokens ?? info?.contextTokens ?? DEFAULT_CONTEXT_TOKENS,
      systemProviderOptions: cacheMarker(provider, modelId),
      price: priceOf(this.#prices, provider, modelId, info?.price),
      toError: (error, streamed) => this.toError(error, streamed, apiKey),
      vision: info?.vision ?? false,
    };
  }
}
