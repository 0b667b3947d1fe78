import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../errors/startup-error.js';
import { costOf, loadModelPrices, priceOf } from './model-prices.js';

const file = (text: string) => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'cmw-prices-')), 'prices.json');
  writeFileSync(p, text);
  return p;
};

describe('model prices', () => {
  it('reads the operator’s table; no file is an empty table', () => {
    expect(loadModelPrices(undefined).size).toBe(0);
    const prices = loadModelPrices(
      file(
        '{"openai:gpt-4.1-mini": {"input": 0.4, "cached_input": 0.1, "output": 1.6}, "glm-5": {"input": 1, "output": 3}}',
      ),
    );
    expect(prices.get('openai:gpt-4.1-mini')).toEqual({ input: 0.4, cachedInput: 0.1, output: 1.6 });
    expect(prices.get('glm-5')).toEqual({ input: 1, output: 3 });
  });

  it('refuses a bad file with one line naming it and the problem', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /prices\.json: not valid JSON/],
      ['{"m": {"input": -1, "output": 1}}', /prices\.json: m\.input: /],
      ['{"m": {"input": 1}}', /prices\.json: m\.output: /],
      ['{"m": {"input": 1, "output": 1, "currency": "RUB"}}', /prices\.json: m: /],
    ];
    for (const [text, message] of cases) {
      const load = () => loadModelPrices(file(text));
      expect(load).toThrow(StartupError);
      expect(load).toThrow(message);
    }
    expect(() => loadModelPrices('/nonexistent/prices.json')).toThrow(/prices\.json: ENOENT/);
  });

  it('prefers provider:model, then the bare model id, then the provider’s listed price', () => {
    const table = new Map([
      ['openai:m', { input: 1, output: 1 }],
      ['m', { input: 2, output: 2 }],
    ]);
    const listed = { input: 3, output: 3 };
    expect(priceOf(table, 'openai', 'm', listed)?.input).toBe(1);
    expect(priceOf(table, 'openrouter', 'm', listed)?.input).toBe(2);
    expect(priceOf(table, 'openrouter', 'other', listed)?.input).toBe(3);
    expect(priceOf(table, 'openrouter', 'other', undefined)).toBeUndefined();
  });

  it('bills cached input at its own price, or as input when it has none', () => {
    expect(
      costOf({ input: 1000, output: 100, cachedInput: 400 }, { input: 2, cachedInput: 0.5, output: 8 }),
    ).toBeCloseTo(0.0022, 10);
    expect(costOf({ input: 1000, output: 100, cachedInput: 400 }, { input: 2, output: 8 })).toBeCloseTo(
      0.0028,
      10,
    );
  });
});
