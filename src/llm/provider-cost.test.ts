import { describe, expect, it } from 'vitest';
import { providerCost, usageCostExtractor } from './provider-cost.js';

describe('provider cost', () => {
  it('reads OpenRouter’s usage.cost as US dollars', () => {
    expect(providerCost({ openrouter: { usage: { cost: 0.0012 } } })).toEqual({
      amount: 0.0012,
      currency: 'USD',
    });
  });

  it('reads Polza’s usage.cost_rub as roubles, from a stream’s usage chunk or a whole response', async () => {
    const stream = usageCostExtractor.createStreamExtractor();
    stream.processChunk({ choices: [{ delta: { content: 'Hi' } }], usage: null });
    stream.processChunk({
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 2, cost_rub: 0.0384 },
    });
    expect(providerCost(stream.buildMetadata())).toEqual({ amount: 0.0384, currency: 'RUB' });
    const body = { choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, cost_rub: 1.5 } };
    expect(providerCost(await usageCostExtractor.extractMetadata({ parsedBody: body }))).toEqual({
      amount: 1.5,
      currency: 'RUB',
    });
  });

  it('says nothing when the provider does (and ignores a usage.cost of unknown currency or a bad figure)', async () => {
    const stream = usageCostExtractor.createStreamExtractor();
    stream.processChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, cost: 0.5 } });
    expect(stream.buildMetadata()).toBeUndefined();
    expect(
      await usageCostExtractor.extractMetadata({ parsedBody: { usage: { cost_rub: -1 } } }),
    ).toBeUndefined();
    expect(providerCost(undefined)).toBeUndefined();
    expect(providerCost({ openrouter: { usage: { cost: 'free' } } })).toBeUndefined();
  });
});
