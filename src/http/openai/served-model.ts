import { splitModelRef } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { LlmService } from '../../llm/llm-service.js';

/** The models the OpenAI surface offers. */
export interface ServedModels {
  /** The default model's id, or undefined while the provider has not named one yet. */
  readonly id: string | undefined;
  /** The default model's provider. */
  readonly provider: string;
  /** Whether the default provider is configured at all (when not, every run fails with LLM_NOT_CONFIGURED). */
  readonly configured: boolean;
  /**
   * Every model on offer by the name this surface lists it under, with its provider: the default provider's by
   * their own ids (as clients of the original name them), other providers' as `provider:model`.
   */
  readonly listed: readonly { readonly id: string; readonly provider: string }[];
}

/** The models on offer now: the default one first, then the rest of every configured provider's. */
export function servedModels(llm: LlmService): ServedModels {
  const { provider, model } = llm.provider;
  const listed = llm.offered.map((m) => ({
    id: m.provider === provider ? m.id : m.ref,
    provider: m.provider,
  }));
  if (model !== undefined && !listed.some((m) => m.id === model)) listed.unshift({ id: model, provider });
  return { id: model, provider, configured: llm.status.state !== 'not-configured', listed };
}

/** What a request's `model` resolves to: the name to echo, and the model for the run (undefined: the default). */
export interface ResolvedModel {
  readonly echo: string;
  readonly run: string | undefined;
}

/**
 * Checks the `model` a client asked for. Absent, the default model; the default model's id or its
 * `<provider>/<id>` alias, the default too; any listed model (`provider:model` for any configured provider's, a
 * bare id for the default provider's) runs that model. Any other name is a 404 `model_not_found`, as OpenAI
 * answers: silently answering from another model than the one asked for would mislead. While the default model
 * is not known yet (the provider is still being asked, or is not configured), any name of a configured provider
 * is accepted and the run reports what is wrong.
 * @throws AppError MODEL_NOT_FOUND naming the default model
 */
export function resolveModel(requested: string | undefined, served: ServedModels): ResolvedModel {
  const name = requested?.trim();
  if (name === undefined || name === '') return { echo: served.id ?? 'unknown', run: undefined };
  if (served.id !== undefined && (name === served.id || name === `${served.provider}/${served.id}`))
    return { echo: name, run: undefined };
  if (served.listed.some((m) => m.id === name)) return { echo: name, run: name };
  const { provider, model } = splitModelRef(name);
  if (provider === served.provider && served.listed.some((m) => m.id === model))
    return { echo: name, run: name };
  if (served.id === undefined || !served.configured) return { echo: name, run: name };
  throw new AppError(
    'MODEL_NOT_FOUND',
    `The model "${name.slice(0, 100)}" does not exist on this server. Its default model is "${served.id}" ` +
      `(also "${served.provider}/${served.id}"); GET /v1/models lists every model it serves.`,
  );
}
