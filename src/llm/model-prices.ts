import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StartupError } from '../errors/startup-error.js';

/** What a model's tokens cost, per million tokens, in `currency`. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Input tokens read from the provider's prompt cache; billed as `input` when unknown. */
  readonly cachedInput?: number;
  /** ISO 4217 code, e.g. `USD`, `RUB`. */
  readonly currency: string;
}

/** The currency of a price that names none, and of OpenRouter's own figures. */
export const DEFAULT_CURRENCY = 'USD';

/**
 * Prices shipped with the server, under the operator's (`MODEL_PRICES_FILE` entries win). Empty on purpose: no
 * price of the original's default models (`qwen/qwen3.6-plus` and the rest, see `docs/operations.md`) can be
 * sourced from this repository or its reference material, and a made-up price would be a wrong bill. OpenRouter's
 * models are priced anyway: by its own `usage.cost`, else by the prices its model list carries.
 */
export const DEFAULT_MODEL_PRICES: ReadonlyMap<string, ModelPrice> = new Map();

/**
 * Providers whose model list cannot be read as OpenRouter's (USD per token): Polza bills in roubles, and its list's
 * units are not known here. Their models are priced by the provider's own figure or by `MODEL_PRICES_FILE`.
 */
const LISTED_PRICES_UNTRUSTED: ReadonlySet<string> = new Set(['polza']);

const perMillion = z.number().finite().nonnegative();
const priceFile = z.record(
  z.string().min(1),
  z
    .object({
      input: perMillion,
      output: perMillion,
      cached_input: perMillion.optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. "USD" or "RUB"')
        .optional(),
    })
    .strict(),
);

/**
 * Reads `MODEL_PRICES_FILE`: a JSON object from `provider:model` (or a bare model id, for any provider) to
 * `{ input, output, cached_input?, currency? }`, prices per million tokens in `currency` (default USD), e.g.
 * `{"openai:gpt-4.1-mini": {"input": 0.4, "cached_input": 0.1, "output": 1.6}, "polza:z-ai/glm-5.1": {"input": 100,
 * "output": 400, "currency": "RUB"}}`. Its entries are laid over {@link DEFAULT_MODEL_PRICES}.
 * @param file - the path; undefined gives the default table
 * @throws StartupError naming the file and what is wrong with it
 */
export function loadModelPrices(file: string | undefined): ReadonlyMap<string, ModelPrice> {
  if (file === undefined) return DEFAULT_MODEL_PRICES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? 'not valid JSON'
        : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    throw new StartupError(`MODEL_PRICES_FILE ${file}: ${reason}.`);
  }
  const parsed = priceFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(
      `MODEL_PRICES_FILE ${file}: ${issue.path.join('.') || 'the file'}: ${issue.message} ` +
        '(expected {"provider:model": {"input": <per 1M tokens>, "output": …, "cached_input"?: …, "currency"?: "USD"}}).',
    );
  }
  const table = new Map(DEFAULT_MODEL_PRICES);
  for (const [key, p] of Object.entries(parsed.data)) {
    table.set(key, {
      input: p.input,
      output: p.output,
      ...(p.cached_input !== undefined ? { cachedInput: p.cached_input } : {}),
      currency: p.currency ?? DEFAULT_CURRENCY,
    });
  }
  return table;
}

/**
 * The price of a model: the operator's (`provider:model`, then the bare model id), else what the provider lists.
 * @param prices - the operator's table
 * @param provider - the provider id of the model (`ActiveModel.provider`)
 * @param listed - the price from the provider's model list, when it has one
 */
export function priceOf(
  prices: ReadonlyMap<string, ModelPrice>,
  provider: string,
  modelId: string,
  listed: ModelPrice | undefined,
): ModelPrice | undefined {
  return (
    prices.get(`${provider}:${modelId}`) ??
    prices.get(modelId) ??
    (LISTED_PRICES_UNTRUSTED.has(provider) ? undefined : listed)
  );
}

/**
 * What one LLM call cost by the price table, in the price's currency.
 * @param usage - the call's tokens; `cachedInput` is the part of `input` read from the cache
 */
export function costOf(
  usage: { input: number; output: number; cachedInput: number },
  price: ModelPrice,
): number {
  const cached = Math.min(usage.cachedInput, usage.input);
  return (
    ((usage.input - cached) * price.input +
      cached * (price.cachedInput ?? price.input) +
      usage.output * price.output) /
    1_000_000
  );
}
