import type { CostFields } from '../api/api-types.js';

/** An amount in an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/**
 * The costs a turn's usage carries, one per currency: `costs` when it used several currencies, else `cost` +
 * `currency`, else `costUsd` (turns stored before currencies were recorded). Empty without a price.
 */
export function usageCosts(usage: CostFields | undefined): Money[] {
  if (!usage) return [];
  if (usage.costs) return Object.entries(usage.costs).map(([currency, amount]) => ({ amount, currency }));
  if (usage.cost !== undefined && usage.currency !== undefined)
    return [{ amount: usage.cost, currency: usage.currency }];
  if (usage.costUsd !== undefined) return [{ amount: usage.costUsd, currency: 'USD' }];
  return [];
}

/** Sums costs per currency (never roubles into dollars), in the order the currencies first came. */
export function sumCosts(costs: readonly Money[]): Money[] {
  const sums = new Map<string, number>();
  for (const { amount, currency } of costs) sums.set(currency, (sums.get(currency) ?? 0) + amount);
  return [...sums].map(([currency, amount]) => ({ amount, currency }));
}
