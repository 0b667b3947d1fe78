import { describe, expect, it } from 'vitest';
import { i18nFor } from '../i18n/i18n-context.js';
import { finishedTurn } from '../state/finished-turn.js';
import type { TurnView } from '../state/turn-view.js';
import { conversationTotals } from './conversation-totals.js';

const turn = (key: string, usage?: TurnView['usage']): TurnView => finishedTurn(key, usage ? { usage } : {});

describe('conversationTotals', () => {
  it('sums tokens, cached tokens and the turns that have a cost', () => {
    const turns = [
      turn('1', { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400, costUsd: 0.0021 }),
      turn('2'),
      turn('3', { inputTokens: 1500, outputTokens: 20, costUsd: 0.0014 }),
    ];
    expect(conversationTotals(turns, i18nFor('en'))).toEqual([
      '2,500 in · 120 out',
      '400 from cache',
      expect.stringMatching(/^Cost: \$0\.0035/),
    ]);
    expect(conversationTotals(turns, i18nFor('ru'))[1]).toBe('400 из кэша');
  });

  it('shows each currency apart, in its own money format', () => {
    const turns = [
      turn('1', { inputTokens: 100, outputTokens: 10, cost: 12.5, currency: 'RUB' }),
      turn('2', { inputTokens: 100, outputTokens: 10, costs: { RUB: 2.5, USD: 0.01 }, costUsd: 0.01 }),
      turn('3', { inputTokens: 100, outputTokens: 10, cost: 0.25, currency: 'USD', costUsd: 0.25 }),
    ];
    // Intl puts a no-break space between the amount and its symbol.
    expect(conversationTotals(turns, i18nFor('en')).at(-1)).toMatch(/^Cost: RUB\s15\.00 \+ \$0\.26$/);
    expect(conversationTotals(turns, i18nFor('ru')).at(-1)).toMatch(/^Стоимость: 15,00\s₽ \+ 0,26\s\$$/);
  });

  it('says nothing before any usage is known, and no cost without a price', () => {
    expect(conversationTotals([turn('1')], i18nFor('en'))).toEqual([]);
    expect(conversationTotals([turn('1', { inputTokens: 10, outputTokens: 1 })], i18nFor('en'))).toEqual([
      '10 in · 1 out',
    ]);
  });
});
