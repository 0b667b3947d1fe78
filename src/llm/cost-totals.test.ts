import { describe, expect, it } from 'vitest';
import { CostTotals } from './cost-totals.js';

describe('CostTotals', () => {
  it('has no cost fields at all when nothing was priced (unknown, not 0)', () => {
    const totals = new CostTotals();
    totals.add(undefined);
    expect(totals.fields()).toEqual({});
  });

  it('gives cost + currency for one currency, and costUsd only for dollars', () => {
    const usd = new CostTotals();
    usd.add({ amount: 0.25, currency: 'USD' });
    usd.add({ amount: 0.5, currency: 'USD' });
    expect(usd.fields()).toEqual({ cost: 0.75, currency: 'USD', costUsd: 0.75 });
    const rub = new CostTotals();
    rub.add({ amount: 12.5, currency: 'RUB' });
    expect(rub.fields()).toEqual({ cost: 12.5, currency: 'RUB' });
  });

  it('never adds roubles to dollars: several currencies give costs by currency', () => {
    const totals = new CostTotals();
    totals.add({ amount: 12.5, currency: 'RUB' });
    totals.add({ amount: 0.01, currency: 'USD' });
    totals.add({ amount: 2.5, currency: 'RUB' });
    expect(totals.fields()).toEqual({ costs: { RUB: 15, USD: 0.01 }, costUsd: 0.01 });
  });

  it('adds stored fields of every vintage: costs, cost + currency, and a bare costUsd from before currencies', () => {
    const totals = new CostTotals();
    totals.addFields({ costUsd: 0.5 });
    totals.addFields({ cost: 0.25, currency: 'USD', costUsd: 0.25 });
    totals.addFields({ costs: { RUB: 10, USD: 0.25 }, costUsd: 0.25 });
    totals.addFields({});
    expect(totals.fields()).toEqual({ costs: { USD: 1, RUB: 10 }, costUsd: 1 });
  });
});
