import { z } from 'zod';
import type { ModelPrice } from './model-prices.js';

/** A model a provider offers, with its context window and price when the provider tells them. */
export interface ModelInfo {
  readonly id: string;
  readonly contextTokens: number | undefined;
  /** USD per million tokens, from OpenRouter's `pricing` (USD per token, as strings). */
  readonly price?: ModelPrice;
  /** Whether it takes images, when the provider says (OpenRouter's `architecture.input_modalities`; Gemini). */
  readonly vision?: boolean;
}

const perToken = z.union([z.string(), z.number()]).transform((v) => Number(v));

const modelList = z.object({
  data: z.array(
    z
      .object({
        id: z.string(),
        // OpenRouter says context_length, vLLM max_model_len, Groq context_window, Mistral max_context_length,
        // llama.cpp meta.n_ctx_train.
        context_length: z.number().int().positive().nullish(),
        max_model_len: z.number().int().positive().nullish(),
        context_window: z.number().int().positive().nullish(),
        max_context_length: z.number().int().positive().nullish(),
        meta: z.object({ n_ctx_train: z.number().int().positive().nullish() }).passthrough().nullish(),
        pricing: z
          .object({ prompt: perToken, completion: perToken, input_cache_read: perToken.nullish() })
          .passthrough()
          .nullish()
          .catch(undefined),
        architecture: z
          .object({ input_modalities: z.array(z.string()).nullish() })
          .passthrough()
          .nullish()
          .catch(undefined),
      })
      .passthrough(),
  ),
});

/** Gemini's model list: `models/<id>` names, their input limit and what each can do. */
const geminiModelList = z.object({
  models: z.array(
    z
      .object({
        name: z.string(),
        inputTokenLimit: z.number().int().positive().nullish(),
        supportedGenerationMethods: z.array(z.string()).nullish(),
      })
      .passthrough(),
  ),
});

/** `GET /models` was answered, but not with a model list; `status` is the HTTP status when it was not 2xx. */
export class ModelListError extends Error {
  override readonly name = 'ModelListError';
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/**
 * Asks a provider which models it serves (`GET {baseUrl}/models`): an OpenAI-style list, or Gemini's own.
 * @param baseUrl - the provider's API base, e.g. `http://127.0.0.1:11434/v1`
 * @param apiKey - sent as a bearer token when present
 * @param signal - aborts the request (start-up uses a timeout)
 * @param wire - the list's form: OpenAI's (`data[].id`, with a bearer key) or Gemini's (`models[].name`, with
 *   `x-goog-api-key`)
 * @param fetchImpl - the `fetch` to ask with (GigaChat's gets its access token)
 * @throws ModelListError with a short, secret-free reason when the answer is not a model list; fetch's own
 *   error (its `cause` has the network code) when the server cannot be reached
 */
export async function discoverModels(
  baseUrl: string,
  apiKey: string | undefined,
  signal: AbortSignal,
  wire: 'openai' | 'gemini' = 'openai',
  fetchImpl: typeof fetch = fetch,
): Promise<ModelInfo[]> {
  const auth: Record<string, string> =
    apiKey === undefined
      ? {}
      : wire === 'gemini'
        ? { 'x-goog-api-key': apiKey }
        : { authorization: `Bearer ${apiKey}` };
  const response = await fetchImpl(`${baseUrl}/models${wire === 'gemini' ? '?pageSize=1000' : ''}`, {
    headers: auth,
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new ModelListError(`GET /models answered HTTP ${response.status}`, response.status);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (wire === 'gemini') return geminiModels(body);
  const parsed = modelList.safeParse(body);
  if (!parsed.success) throw new ModelListError('GET /models did not return an OpenAI-style model list');
  return parsed.data.data.map((m) => {
    const price = listedPrice(m.pricing);
    return {
      id: m.id,
      contextTokens:
        m.context_length ??
        m.max_model_len ??
        m.context_window ??
        m.max_context_length ??
        m.meta?.n_ctx_train ??
        undefined,
      ...(price ? { price } : {}),
      ...(m.architecture?.input_modalities
        ? { vision: m.architecture.input_modalities.includes('image') }
        : {}),
    };
  });
}

/** The chat models of Gemini's list (those that can `generateContent`), without the `models/` prefix. */
function geminiModels(body: unknown): ModelInfo[] {
  const parsed = geminiModelList.safeParse(body);
  if (!parsed.success) throw new ModelListError('GET /models did not return a Gemini model list');
  return (
    parsed.data.models
      .filter((m) => m.supportedGenerationMethods?.includes('generateContent') ?? true)
      // Every Gemini chat model takes images.
      .map((m) => ({
        id: m.name.replace(/^models\//, ''),
        contextTokens: m.inputTokenLimit ?? undefined,
        vision: true,
      }))
  );
}

/** OpenRouter's per-token USD prices as USD per million tokens; undefined when absent or not numbers (e.g. -1). */
function listedPrice(
  pricing: { prompt: number; completion: number; input_cache_read?: number | null } | null | undefined,
): ModelPrice | undefined {
  if (!pricing) return undefined;
  const valid = (n: number) => Number.isFinite(n) && n >= 0;
  if (!valid(pricing.prompt) || !valid(pricing.completion)) return undefined;
  const cached = pricing.input_cache_read;
  return {
    input: pricing.prompt * 1_000_000,
    output: pricing.completion * 1_000_000,
    ...(cached != null && valid(cached) ? { cachedInput: cached * 1_000_000 } : {}),
    currency: 'USD',
  };
}
