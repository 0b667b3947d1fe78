import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../errors/startup-error.js';
import { costOf, DEFAULT_MODEL_PRICES, loadModelPrices, priceOf } from './model-prices.js';

const file = (text: string) => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'cmw-prices-')), 'prices.json');
  writeFileSync(p, text);
  return p;
};

describe('model prices', () => {
  it('reads the operator’s table, in US dollars unless an entry names its currency', () => {
    expect(loadModelPrices(undefined)).toBe(DEFAULT_MODEL_PRICES);
    const prices = loadModelPrices(
      file(
        JSON.stringify({
          'openai:gpt-4.1-mini': { input: 0.4, cached_input: 0.1, output: 1.6 },
          'glm-5': { input: 1, output: 3 },
          'polza:z-ai/glm-5.1': { input: 100, output: 400, currency: 'RUB' },
        }),
      ),
    );
    expect(prices.get('openai:gpt-4.1-mini')).toEqual({
      input: 0.4,
      cachedInput: 0.1,
      output: 1.6,
      currency: 'USD',
    });
    expect(prices.get('glm-5')).toEqual({ input: 1, output: 3, currency: 'USD' });
    expect(prices.get('polza:z-ai/glm-5.1')).toEqual({ input: 100, output: 400, currency: 'RUB' });
  });

  it('ships no default price it cannot source (a made-up price would be a wrong bill)', () => {
    expect(DEFAULT_MODEL_PRICES.size).toBe(0);
  });

  it('refuses a bad file with one line naming it and the problem', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /prices\.json: not valid JSON/],
      ['["m"]', /prices\.json: the file: /],
      ['{"m": {"input": -1, "output": 1}}', /prices\.json: m\.input: /],
      ['{"m": {"input": 1}}', /prices\.json: m\.output: /],
      [
        '{"m": {"input": 1, "output": 1, "currency": "rub"}}',
        /prices\.json: m\.currency: must be an ISO 4217/,
      ],
      ['{"m": {"input": 1, "output": 1, "currency": "roubles"}}', /prices\.json: m\.currency: /],
      ['{"m": {"input": 1, "output": 1, "per": "1k"}}', /prices\.json: m: /],
    ];
    for (const [text, message] of cases) {
      const load = () => loadModelPrices(file(text));
      expect(load).toThrow(StartupError);
      expect(load).toThrow(message);
    }
    expect(() => loadModelPrices('/nonexistent/prices.json')).toThrow(/prices\.json: ENOENT/);
  });

  it('prefers provider:model, then the bare model id, then the provider’s listed price', () => {
    const usd = (n: number) => ({ input: n, output: n, currency: 'USD' });
    const table = new Map([
      ['openai:m', usd(1)],
      ['m', usd(2)],
    ]);
    const listed = usd(3);
    expect(priceOf(table, 'openai', 'm', listed)?.input).toBe(1);
    expect(priceOf(table, 'openrouter', 'm', listed)?.input).toBe(2);
    expect(priceOf(table, 'openrouter', 'other', listed)?.input).toBe(3);
    expect(priceOf(table, 'openrouter', 'other', undefined)).toBeUndefined();
    // Polza's list is not in OpenRouter's dollars per token: only the table (or Polza's own figure) prices it.
    expect(priceOf(table, 'polza', 'other', listed)).toBeUndefined();
    expect(priceOf(table, 'polza', 'm', listed)?.input).toBe(2);
  });

  it('bills cached input at its own price, or as input when it has none', () => {
    expect(
      costOf(
        { input: 1000, output: 100, cachedInput: 400 },
        { input: 2, cachedInput: 0.5, output: 8, currency: 'USD' },
      ),
    ).toBeCloseTo(0.0022, 10);
    expect(
      costOf({ input: 1000, output: 100, cachedInput: 400 }, { input: 2, output: 8, currency: 'RUB' }),
    ).toBeCloseTo(0.0028, 10);
  });
});
