import { AppError } from '../../errors/app-error.js';
import type { LlmService } from '../../llm/llm-service.js';

/** The one model the agent runs on, as the OpenAI surface names it. */
export interface ServedModel {
  /** The model id, or undefined while the provider has not named one yet. */
  readonly id: string | undefined;
  readonly provider: string;
  /** Whether the provider is configured at all (when not, every run fails with LLM_NOT_CONFIGURED). */
  readonly configured: boolean;
}

/** The model the agent uses now: the active one, else the configured one (or the provider's default). */
export function servedModel(llm: LlmService): ServedModel {
  const { provider, model } = llm.provider;
  return {
    id: model,
    provider,
    configured: llm.status.state !== 'not-configured',
  };
}

/** Every name a client may use for the served model: its id and `<provider>/<id>`. */
export function modelAliases(served: ServedModel): string[] {
  return served.id === undefined ? [] : [served.id, `${served.provider}/${served.id}`];
}

/**
 * Checks the `model` a client asked for and returns the name to echo. The agent runs one model, so the
 * request may name it (`sim-model`, or `openai/sim-model` with the provider), or leave `model` out. Any
 * other name is a 404 `model_not_found`, as OpenAI answers: silently answering from another model than the
 * one asked for would mislead. While the model is not known yet (the provider is still being asked, or is not
 * configured), any name is accepted and the run reports what is wrong.
 * @throws AppError MODEL_NOT_FOUND naming the model that is served
 */
export function resolveModel(requested: string | undefined, served: ServedModel): string {
  const name = requested?.trim();
  if (name === undefined || name === '') return served.id ?? 'unknown';
  if (served.id === undefined || !served.configured) return name;
  if (modelAliases(served).includes(name)) return name;
  throw new AppError(
    'MODEL_NOT_FOUND',
    `The model "${name.slice(0, 100)}" does not exist on this server. It serves "${served.id}" ` +
      `(also "${served.provider}/${served.id}"); GET /v1/models lists it.`,
  );
}
