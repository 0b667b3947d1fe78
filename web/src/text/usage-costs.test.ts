import { describe, expect, it } from 'vitest';
import { sumCosts, usageCosts } from './usage-costs.js';

describe('usageCosts', () => {
  it('reads costs by currency, cost + currency, or a costUsd stored before currencies', () => {
    expect(usageCosts({ costs: { RUB: 2, USD: 0.5 }, costUsd: 0.5 })).toEqual([
      { amount: 2, currency: 'RUB' },
      { amount: 0.5, currency: 'USD' },
    ]);
    expect(usageCosts({ cost: 12.5, currency: 'RUB' })).toEqual([{ amount: 12.5, currency: 'RUB' }]);
    expect(usageCosts({ costUsd: 0.1 })).toEqual([{ amount: 0.1, currency: 'USD' }]);
    expect(usageCosts({})).toEqual([]);
    expect(usageCosts(undefined)).toEqual([]);
  });

  it('sums per currency, never roubles into dollars', () => {
    expect(
      sumCosts([
        { amount: 1, currency: 'RUB' },
        { amount: 0.5, currency: 'USD' },
        { amount: 2, currency: 'RUB' },
      ]),
    ).toEqual([
      { amount: 3, currency: 'RUB' },
      { amount: 0.5, currency: 'USD' },
    ]);
  });
});
