import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StartupError } from '../errors/startup-error.js';

/** What a model's tokens cost, in US dollars per million tokens. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Input tokens read from the provider's prompt cache; billed as `input` when unknown. */
  readonly cachedInput?: number;
}

const perMillion = z.number().finite().nonnegative();
const priceFile = z.record(
  z.string().min(1),
  z.object({ input: perMillion, output: perMillion, cached_input: perMillion.optional() }).strict(),
);

/**
 * Reads `MODEL_PRICES_FILE`: a JSON object from `provider:model` (or a bare model id, for any provider) to
 * `{ input, output, cached_input? }` in USD per million tokens, e.g.
 * `{"openai:gpt-4.1-mini": {"input": 0.4, "cached_input": 0.1, "output": 1.6}}`.
 * @param file - the path; undefined gives an empty table
 * @throws StartupError naming the file and what is wrong with it
 */
export function loadModelPrices(file: string | undefined): ReadonlyMap<string, ModelPrice> {
  if (file === undefined) return new Map();
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
        '(expected {"provider:model": {"input": <USD per 1M tokens>, "output": …, "cached_input"?: …}}).',
    );
  }
  return new Map(
    Object.entries(parsed.data).map(([key, p]) => [
      key,
      {
        input: p.input,
        output: p.output,
        ...(p.cached_input !== undefined ? { cachedInput: p.cached_input } : {}),
      },
    ]),
  );
}

/**
 * The price of a model: the operator's (`provider:model`, then the bare model id), else what the provider lists.
 * @param prices - the operator's table
 * @param listed - the price from the provider's model list, when it has one
 */
export function priceOf(
  prices: ReadonlyMap<string, ModelPrice>,
  provider: string,
  modelId: string,
  listed: ModelPrice | undefined,
): ModelPrice | undefined {
  return prices.get(`${provider}:${modelId}`) ?? prices.get(modelId) ?? listed;
}

/**
 * What one LLM call cost by the price table, in USD.
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
