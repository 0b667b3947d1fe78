import { z } from 'zod';
import type { ModelPrice } from './model-prices.js';

/** A model a provider offers, with its context window and price when the provider tells them. */
export interface ModelInfo {
  readonly id: string;
  readonly contextTokens: number | undefined;
  /** USD per million tokens, from OpenRouter's `pricing` (USD per token, as strings). */
  readonly price?: ModelPrice;
}

const perToken = z.union([z.string(), z.number()]).transform((v) => Number(v));

const modelList = z.object({
  data: z.array(
    z
      .object({
        id: z.string(),
        // OpenRouter says context_length, vLLM max_model_len, llama.cpp meta.n_ctx_train.
        context_length: z.number().int().positive().nullish(),
        max_model_len: z.number().int().positive().nullish(),
        meta: z.object({ n_ctx_train: z.number().int().positive().nullish() }).passthrough().nullish(),
        pricing: z
          .object({ prompt: perToken, completion: perToken, input_cache_read: perToken.nullish() })
          .passthrough()
          .nullish()
          .catch(undefined),
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
 * Asks an OpenAI-compatible server which models it serves (`GET {baseUrl}/models`).
 * @param baseUrl - the provider's API base, e.g. `http://127.0.0.1:11434/v1`
 * @param apiKey - sent as a bearer token when present
 * @param signal - aborts the request (start-up uses a timeout)
 * @throws ModelListError with a short, secret-free reason when the answer is not a model list; fetch's own
 *   error (its `cause` has the network code) when the server cannot be reached
 */
export async function discoverModels(
  baseUrl: string,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<ModelInfo[]> {
  const response = await fetch(`${baseUrl}/models`, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new ModelListError(`GET /models answered HTTP ${response.status}`, response.status);
  }
  const parsed = modelList.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ModelListError('GET /models did not return an OpenAI-style model list');
  return parsed.data.data.map((m) => {
    const price = listedPrice(m.pricing);
    return {
      id: m.id,
      contextTokens: m.context_length ?? m.max_model_len ?? m.meta?.n_ctx_train ?? undefined,
      ...(price ? { price } : {}),
    };
  });
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
