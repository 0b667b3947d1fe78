import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import type { LanguageModel } from 'ai';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { discoverModels, type ModelInfo } from './discover-models.js';
import { toLlmAppError } from './llm-error.js';
import { providerSettings, type ProviderSettings } from './provider-settings.js';

/** The error of a run that needed the model before the provider was set up. */
export function initializingError(): AppError {
  return new AppError('APP_INITIALIZING', 'Application is initializing... Try again in a moment.');
}

/** Whether the agent's model can be used yet, and why not. */
export type LlmState =
  | { readonly state: 'initializing'; readonly reason: string }
  | { readonly state: 'not-configured'; readonly reason: string }
  | { readonly state: 'ready' };

/** The model one run uses. */
export interface ActiveModel {
  readonly model: LanguageModel;
  readonly modelId: string;
  readonly provider: string;
  readonly contextTokens: number;
}

const RETRY_DISCOVERY_MS = 5000;
/** Context window assumed when neither AGENT_CONTEXT_TOKENS nor the provider tells it. */
export const DEFAULT_CONTEXT_TOKENS = 131_072;

/**
 * Owns the LLM provider: builds the AI SDK model, learns the model's context window from the provider at
 * start-up (or picks the first model it lists when none is configured), and reports readiness.
 */
export class LlmService {
  readonly #config: Config;
  readonly #log: Logger;
  readonly #settings: ProviderSettings;
  #state: LlmState;
  #active: ActiveModel | undefined;
  #models: ModelInfo[] = [];
  readonly #others = new Map<string, ActiveModel>();
  #waiters: (() => void)[] = [];
  #retryTimer: NodeJS.Timeout | undefined;
  #abort = new AbortController();

  constructor(config: Config, log: Logger) {
    this.#config = config;
    this.#log = log.child({ component: 'llm' });
    this.#settings = providerSettings(config);
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
    void this.#initialize();
  }

  /** The current state. */
  get status(): LlmState {
    return this.#state;
  }

  /** The provider's settings (without the key). */
  get provider(): { provider: string; baseUrl: string; model: string | undefined } {
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
   * Resolves with the active model once ready.
   * @throws AppError LLM_NOT_CONFIGURED at once when no provider is configured
   * @throws the signal's reason when it aborts first
   */
  async whenReady(signal: AbortSignal): Promise<ActiveModel> {
    for (;;) {
      const s = this.#state;
      if (s.state === 'not-configured') throw new AppError('LLM_NOT_CONFIGURED', s.reason);
      if (s.state === 'ready') return this.#active!;
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
   * the list). Models are built once per id.
   * @throws AppError MODEL_NOT_FOUND for an id the provider did not list; LLM_NOT_CONFIGURED / APP_INITIALIZING
   *   when there is no active model yet
   */
  modelFor(modelId: string): ActiveModel {
    const active = this.#active;
    if (!active)
      throw this.#state.state === 'not-configured'
        ? new AppError('LLM_NOT_CONFIGURED', this.#state.reason)
        : initializingError();
    if (modelId === active.modelId) return active;
    const cached = this.#others.get(modelId);
    if (cached) return cached;
    const info = this.#models.find((m) => m.id === modelId);
    if (!info)
      throw new AppError(
        'MODEL_NOT_FOUND',
        `Model "${modelId.slice(0, 100)}" is not offered by this server; the provider lists ${this.#models.length} model(s) (GET /api/config).`,
      );
    const other: ActiveModel = {
      model: this.#createModel(modelId),
      modelId,
      provider: this.#settings.provider,
      contextTokens: this.#config.agent.contextTokens ?? info.contextTokens ?? DEFAULT_CONTEXT_TOKENS,
    };
    this.#others.set(modelId, other);
    return other;
  }

  /** Maps an error thrown by a call to this provider into an {@link AppError}. */
  toError(error: unknown, streamed: boolean): AppError {
    return toLlmAppError(error, {
      provider: this.#settings.provider,
      keyVariable: this.#settings.keyVariable,
      baseUrl: this.#settings.baseUrl,
      streamed,
      secrets: [this.#settings.apiKey],
    });
  }

  /** Stops background retries. */
  close(): void {
    clearTimeout(this.#retryTimer);
    this.#abort.abort();
  }

  async #initialize(): Promise<void> {
    const s = this.#settings;
    try {
      const signal = AbortSignal.any([
        this.#abort.signal,
        AbortSignal.timeout(this.#config.llm.startupTimeoutMs),
      ]);
      this.#models = await discoverModels(s.baseUrl, s.apiKey, signal);
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      const why =
        error instanceof Error && error.name !== 'TimeoutError' ? error.message : 'no answer in time';
      if (s.model === undefined) {
        // Without a model id there is nothing to run: keep asking.
        this.#state = {
          state: 'initializing',
          reason: `waiting for ${s.baseUrl}/models to name a model (${why}); or set AGENT_DEFAULT_MODEL`,
        };
        this.#log.warn({ reason: this.#state.reason }, 'model discovery failed; retrying');
        this.#retryTimer = setTimeout(() => void this.#initialize(), RETRY_DISCOVERY_MS);
        return;
      }
      this.#log.warn(
        { why, model: s.model },
        'could not read the model list; using the configured context window',
      );
    }
    const modelId = s.model ?? this.#models[0]?.id;
    if (modelId === undefined) {
      this.#state = {
        state: 'initializing',
        reason: `${s.baseUrl}/models lists no models; set AGENT_DEFAULT_MODEL`,
      };
      this.#retryTimer = setTimeout(() => void this.#initialize(), RETRY_DISCOVERY_MS);
      return;
    }
    const info = this.#models.find((m) => m.id === modelId);
    if (this.#models.length > 0 && !info)
      this.#log.warn({ model: modelId }, 'the provider does not list the configured model');
    this.#active = {
      model: this.#createModel(modelId),
      modelId,
      provider: s.provider,
      contextTokens: this.#config.agent.contextTokens ?? info?.contextTokens ?? DEFAULT_CONTEXT_TOKENS,
    };
    this.#state = { state: 'ready' };
    this.#log.info(
      { provider: s.provider, model: modelId, contextTokens: this.#active.contextTokens },
      'LLM provider ready',
    );
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #createModel(modelId: string): LanguageModel {
    const s = this.#settings;
    if (s.provider === 'openrouter') {
      return createOpenRouter({ apiKey: s.apiKey, baseURL: s.baseUrl }).chat(modelId, {
        usage: { include: true },
      });
    }
    return createOpenAICompatible({
      name: 'openai',
      baseURL: s.baseUrl,
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
      includeUsage: true,
    }).chatModel(modelId);
  }
}
