import type { Logger } from 'pino';
import { splitModelRef, type Config, type ProviderId } from '../config/config.js';
import { AppError, isAppError } from '../errors/app-error.js';
import type { ModelPrice } from './model-prices.js';
import type { ModelInfo } from './discover-models.js';
import { ProviderConnection, type ActiveModel, type LlmState } from './provider-connection.js';
import { configuredProviders, providerSettings } from './provider-settings.js';

export {
  DEFAULT_CONTEXT_TOKENS,
  initializingError,
  type ActiveModel,
  type LlmState,
} from './provider-connection.js';

/** A model on offer, as `/api/config` lists it. */
export interface OfferedModel {
  /** `provider:model`: what a run names to use it. */
  readonly ref: string;
  readonly provider: ProviderId;
  /** The model id as its provider names it. */
  readonly id: string;
  readonly contextTokens: number | undefined;
}

/** The model a run starts on. */
export interface PickedModel {
  readonly model: ActiveModel;
  /** Set when the default provider is down and the run starts on a fallback instead: what was skipped, and why. */
  readonly skipped?: { readonly from: string; readonly error: AppError };
}

/**
 * Every LLM provider this server is configured for (one {@link ProviderConnection} each), the default model, and
 * the fallback chain. Readiness is the default provider's: the others are offered once they have answered.
 */
export class LlmService {
  readonly #log: Logger;
  readonly #default: ProviderConnection;
  readonly #connections = new Map<ProviderId, ProviderConnection>();
  readonly #fallbackRefs: readonly string[];
  readonly #allowClientKeys: boolean;

  /** @param prices - the operator's price table (`MODEL_PRICES_FILE`) */
  constructor(config: Config, log: Logger, prices: ReadonlyMap<string, ModelPrice> = new Map()) {
    this.#log = log.child({ component: 'llm' });
    this.#allowClientKeys = config.llm.allowClientKeys;
    const ids = new Set<ProviderId>([config.agent.provider, ...configuredProviders(config)]);
    for (const id of ids)
      this.#connections.set(id, new ProviderConnection(config, providerSettings(config, id), log, prices));
    this.#default = this.#connections.get(config.agent.provider)!;
    this.#fallbackRefs = config.agent.fallbackModels;
  }

  /** Starts every provider's model discovery in the background; safe to call once. */
  start(): void {
    for (const connection of this.#connections.values()) connection.start();
    for (const ref of this.#fallbackRefs) {
      const { provider } = splitModelRef(ref);
      if (provider === undefined || !this.#connections.has(provider))
        this.#log.warn(
          { fallback: ref },
          'AGENT_FALLBACK_MODELS names a model of a provider that is not configured; it is skipped',
        );
    }
  }

  /**
   * The default provider's state, with the reason when it is not `ready`; `degraded` rather than `unavailable`
   * while it is down but a fallback model's provider is up (runs then start on the fallback).
   */
  get status(): LlmState {
    const status = this.#default.status;
    if (status.state === 'unavailable' && this.#readyFallback() !== undefined)
      return {
        state: 'degraded',
        reason: `${status.reason} Runs start on the fallback models (AGENT_FALLBACK_MODELS) meanwhile.`,
        onFallback: true,
      };
    return status;
  }

  /** The state of the provider of a model name (the default provider's when absent). */
  statusOf(name: string | undefined): LlmState {
    if (name === undefined) return this.status;
    const { provider } = splitModelRef(name);
    return (provider === undefined ? this.#default : this.#connections.get(provider))?.status ?? this.status;
  }

  /** The default provider's settings (without the key) and the default model. */
  get provider(): { provider: ProviderId; baseUrl: string; model: string | undefined } {
    return this.#default.provider;
  }

  /** Models the default provider listed at start-up (may be empty when it could not tell). */
  get models(): readonly ModelInfo[] {
    return this.#default.models;
  }

  /**
   * The models of every provider that has answered, default provider first; a provider that listed none offers
   * its configured model.
   */
  get offered(): OfferedModel[] {
    const offered: OfferedModel[] = [];
    for (const connection of this.#connections.values()) {
      if (connection.status.state === 'not-configured') continue;
      const { provider, model } = connection.provider;
      const listed = connection.models.length > 0 ? connection.models : [];
      const models: readonly Pick<ModelInfo, 'id' | 'contextTokens'>[] =
        listed.length === 0 && model !== undefined && connection.status.state !== 'unavailable'
          ? [{ id: model, contextTokens: undefined }]
          : listed;
      for (const m of models)
        offered.push({ ref: `${provider}:${m.id}`, provider, id: m.id, contextTokens: m.contextTokens });
    }
    return offered;
  }

  /** Whether runs may bring their own LLM key (`ALLOW_CLIENT_LLM_KEYS`). */
  get allowsClientKeys(): boolean {
    return this.#allowClientKeys;
  }

  /**
   * Resolves with the default model once ready (or degraded: only a call can tell whether it is back).
   * @throws AppError as {@link ProviderConnection.whenReady}
   */
  whenReady(signal: AbortSignal): Promise<ActiveModel> {
    return this.#default.whenReady(signal);
  }

  /**
   * The model a run starts on, once its provider is ready: the named one (see {@link modelFor}), else the default
   * one. When the default provider is down (its model list could not be read) and a fallback model's provider is
   * up, a run that names no model and brings no key starts on that fallback.
   * @param name - the model the run names, if any
   * @param apiKey - a client's own key for the model's provider
   * @throws AppError as {@link modelFor} and {@link ProviderConnection.whenReady}
   */
  async pick(signal: AbortSignal, name?: string, apiKey?: string): Promise<PickedModel> {
    if (apiKey !== undefined) return { model: await this.#withClientKey(signal, name, apiKey) };
    if (name !== undefined) {
      const { provider } = splitModelRef(name);
      await (provider === undefined ? this.#default : this.#connections.get(provider))?.whenReady(signal);
      return { model: this.modelFor(name) };
    }
    try {
      return { model: await this.#default.whenReady(signal) };
    } catch (error) {
      const fallback = this.#default.status.state === 'unavailable' ? this.#readyFallback() : undefined;
      if (!isAppError(error) || fallback === undefined) throw error;
      const { provider, model } = this.#default.provider;
      return { model: fallback, skipped: { from: `${provider}:${model ?? ''}`, error } };
    }
  }

  /**
   * The model a run names: `provider:model` for any configured provider's, a bare id for the default provider's.
   * @param name - the model name
   * @param apiKey - a client's own key for the model's provider (only when {@link allowsClientKeys})
   * @throws AppError MODEL_NOT_FOUND for a provider this server is not configured for, or a model its provider
   *   did not list; the provider's failure while it is not ready
   */
  modelFor(name: string, apiKey?: string): ActiveModel {
    const { provider, model } = splitModelRef(name);
    const connection = provider === undefined ? this.#default : this.#connections.get(provider);
    if (!connection || connection.status.state === 'not-configured')
      throw new AppError(
        'MODEL_NOT_FOUND',
        `Model "${name.slice(0, 100)}" is not offered by this server: the ${provider} provider is not configured (GET /api/config lists the models).`,
      );
    return connection.modelFor(model, apiKey === undefined ? {} : { apiKey });
  }

  /**
   * The models to move to, in order, when `current` fails before it streamed anything: AGENT_FALLBACK_MODELS
   * without `current` and without models of providers that are not configured. A fallback is tried even when its
   * provider's model list could not be read: the call tells.
   */
  fallbacksFor(current: ActiveModel): ActiveModel[] {
    const chain: ActiveModel[] = [];
    for (const { connection, model } of this.#fallbackTargets()) {
      const fallback = connection.modelFor(model, { unlisted: true });
      if (fallback.ref !== current.ref && !chain.some((m) => m.ref === fallback.ref)) chain.push(fallback);
    }
    return chain;
  }

  /**
   * The model a run with a client's own key uses. The provider need not be ready: its model list may be refused
   * for the server's key, or the server has no key of its own for it (then the model named, else the provider's
   * default, is used unlisted).
   */
  async #withClientKey(signal: AbortSignal, name: string | undefined, apiKey: string): Promise<ActiveModel> {
    const { provider, model } = splitModelRef(name ?? '');
    const connection = provider === undefined ? this.#default : this.#connections.get(provider);
    if (!connection) return this.modelFor(name!, apiKey);
    // Waits for a first model list under way; a failed or impossible one does not stop a run on its own key.
    await connection.whenReady(signal).catch((error: unknown) => {
      if (signal.aborted) throw error;
    });
    const state = connection.status.state;
    if ((state === 'ready' || state === 'degraded') && name !== undefined) return this.modelFor(name, apiKey);
    const id = name === undefined ? connection.provider.model : model;
    if (id === undefined)
      throw new AppError(
        'LLM_NOT_CONFIGURED',
        `No model is set for the ${connection.provider.provider} provider: name one (model) or set AGENT_DEFAULT_MODEL.`,
      );
    return connection.modelFor(id, { apiKey, unlisted: state !== 'ready' && state !== 'degraded' });
  }

  /** AGENT_FALLBACK_MODELS as connections and model ids, without those of providers that are not configured. */
  #fallbackTargets(): { connection: ProviderConnection; model: string }[] {
    return this.#fallbackRefs.flatMap((ref) => {
      const { provider, model } = splitModelRef(ref);
      const connection = provider === undefined ? this.#default : this.#connections.get(provider);
      return connection && connection.status.state !== 'not-configured' ? [{ connection, model }] : [];
    });
  }

  /** The first fallback model whose provider has answered (ready or degraded), if any. */
  #readyFallback(): ActiveModel | undefined {
    for (const { connection, model } of this.#fallbackTargets()) {
      if (connection === this.#default) continue;
      const state = connection.status.state;
      if (state === 'ready' || state === 'degraded') return connection.modelFor(model, { unlisted: true });
    }
    return undefined;
  }

  /** Stops every provider's background retries. */
  close(): void {
    for (const connection of this.#connections.values()) connection.close();
  }
}
