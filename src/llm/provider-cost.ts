import type { MetadataExtractor } from '@ai-sdk/openai-compatible';

/** An amount of money in an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Where {@link usageCostExtractor} puts what it finds in the provider metadata of a call. */
const METADATA_KEY = 'cmwUsageCost';

/** A finite, non-negative number, or undefined. */
function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The rouble cost of a response body or stream chunk that carries one in `usage.cost_rub` (Polza's). */
function costRubOf(body: unknown): number | undefined {
  const usage = (body as { usage?: { cost_rub?: unknown } | null } | null | undefined)?.usage;
  return amount(usage?.cost_rub);
}

/**
 * Reads the cost an OpenAI-compatible provider reports beside the token counts, for the AI SDK's
 * `@ai-sdk/openai-compatible` (`metadataExtractor` of `createOpenAICompatible`): Polza's `usage.cost_rub`, in
 * roubles. `usage.cost` of such a server is not read, because its currency is not said (OpenRouter's, read by its
 * own provider package, is in US dollars).
 */
export const usageCostExtractor: MetadataExtractor = {
  extractMetadata: ({ parsedBody }) => {
    const rub = costRubOf(parsedBody);
    return Promise.resolve(rub === undefined ? undefined : { [METADATA_KEY]: { costRub: rub } });
  },
  createStreamExtractor: () => {
    let rub: number | undefined;
    return {
      // The usage chunk comes last; each chunk that has one replaces the figure.
      processChunk: (chunk) => {
        rub = costRubOf(chunk) ?? rub;
      },
      buildMetadata: () => (rub === undefined ? undefined : { [METADATA_KEY]: { costRub: rub } }),
    };
  },
};

/**
 * What the provider says one LLM call cost, from the call's provider metadata: OpenRouter's `usage.cost` (US
 * dollars), or the roubles {@link usageCostExtractor} found (Polza). Undefined when it says nothing.
 * @param metadata - `providerMetadata` of the AI SDK's `finish-step` part
 */
export function providerCost(metadata: unknown): Money | undefined {
  const m = metadata as
    | {
        openrouter?: { usage?: { cost?: unknown } };
        [METADATA_KEY]?: { costRub?: unknown };
      }
    | undefined;
  const usd = amount(m?.openrouter?.usage?.cost);
  if (usd !== undefined) return { amount: usd, currency: 'USD' };
  const rub = amount(m?.[METADATA_KEY]?.costRub);
  if (rub !== undefined) return { amount: rub, currency: 'RUB' };
  return undefined;
}
