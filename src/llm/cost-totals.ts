import type { Money } from './provider-cost.js';

/**
 * How a sum of costs goes on the wire: `cost` and `currency` when every cost was in one currency (the usual case),
 * `costs` by currency when there were several (a conversation that used providers billing in different
 * currencies). `costUsd` is the US-dollar part, kept for the clients that read it before currencies existed. All
 * absent when no cost is known: a model without a price has no cost, not a cost of 0.
 */
export interface CostFields {
  cost?: number;
  currency?: string;
  costs?: Record<string, number>;
  costUsd?: number;
}

/** Sums amounts of money per currency; never adds roubles to dollars. */
export class CostTotals {
  readonly #byCurrency = new Map<string, number>();

  /** Adds an amount (nothing for undefined). */
  add(money: Money | undefined): void {
    if (money === undefined) return;
    this.#byCurrency.set(money.currency, (this.#byCurrency.get(money.currency) ?? 0) + money.amount);
  }

  /**
   * Adds the cost fields of a turn as stored or reported: `costs`, else `cost` + `currency`, else a `costUsd` saved
   * before currencies were recorded.
   */
  addFields(fields: CostFields): void {
    if (fields.costs !== undefined) {
      for (const [currency, value] of Object.entries(fields.costs)) this.add({ amount: value, currency });
    } else if (fields.cost !== undefined && fields.currency !== undefined) {
      this.add({ amount: fields.cost, currency: fields.currency });
    } else if (fields.costUsd !== undefined) {
      this.add({ amount: fields.costUsd, currency: 'USD' });
    }
  }

  /** The sums per currency, in the order the currencies first came. */
  get entries(): readonly Money[] {
    return [...this.#byCurrency].map(([currency, value]) => ({ amount: value, currency }));
  }

  /** The sums as {@link CostFields}. */
  fields(): CostFields {
    const entries = this.entries;
    const usd = this.#byCurrency.get('USD');
    const single = entries.length === 1 ? entries[0] : undefined;
    return {
      ...(single ? { cost: single.amount, currency: single.currency } : {}),
      ...(entries.length > 1 ? { costs: Object.fromEntries(this.#byCurrency) } : {}),
      ...(usd !== undefined ? { costUsd: usd } : {}),
    };
  }
}
