import { describe, expect, it } from 'vitest';
import type { StoredTurn, TurnUsage } from '../../sessions/session-store.js';
import { toolCallsOf, turnJson, usageTotals } from './session-view.js';

describe('toolCallsOf', () => {
  it('pairs calls with their results in call order, errors flagged', () => {
    expect(
      toolCallsOf([
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look.' },
            { type: 'tool-call', toolCallId: 'a', toolName: 'one', input: { x: 1 } },
            { type: 'tool-call', toolCallId: 'b', toolName: 'two', input: {} },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 'two',
              output: { type: 'error-text', value: 'boom' },
            },
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 'one',
              output: { type: 'json', value: { ok: 1 } },
            },
          ],
        },
        { role: 'assistant', content: 'done' },
      ]),
    ).toEqual([
      { toolCallId: 'a', toolName: 'one', input: { x: 1 }, output: { ok: 1 }, isError: false },
      { toolCallId: 'b', toolName: 'two', input: {}, output: 'boom', isError: true },
    ]);
  });

  it('is empty for a turn without tools', () => {
    expect(toolCallsOf([{ role: 'user', content: 'q' }])).toEqual([]);
  });
});

describe('turnJson', () => {
  it('leaves out what was not recorded', () => {
    const json = turnJson({
      id: 't',
      createdAt: 'c',
      status: 'failed',
      question: 'q',
      answer: '',
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(json).toEqual({
      id: 't',
      created_at: 'c',
      status: 'failed',
      question: 'q',
      answer: '',
      tools: [],
    });
  });
});

describe('usageTotals', () => {
  const turn = (usage?: TurnUsage): StoredTurn => ({
    id: 't',
    createdAt: 'c',
    status: 'completed',
    question: 'q',
    answer: 'a',
    messages: [],
    ...(usage ? { usage } : {}),
  });
  const tokens = { inputTokens: 100, outputTokens: 10, totalTokens: 110 };

  it('sums tokens and cached tokens; no cost fields when no turn was priced', () => {
    expect(usageTotals([turn({ ...tokens, cachedInputTokens: 60 }), turn(tokens), turn()])).toEqual({
      inputTokens: 200,
      outputTokens: 20,
      totalTokens: 220,
      cachedInputTokens: 60,
    });
  });

  it('sums the cost in its currency, counting turns saved with costUsd only as dollars', () => {
    expect(
      usageTotals([
        turn({ ...tokens, costUsd: 0.5 }),
        turn({ ...tokens, cost: 0.25, currency: 'USD', costUsd: 0.25 }),
      ]),
    ).toMatchObject({ cost: 0.75, currency: 'USD', costUsd: 0.75 });
    expect(
      usageTotals([
        turn({ ...tokens, cost: 2, currency: 'RUB' }),
        turn({ ...tokens, cost: 3, currency: 'RUB' }),
      ]),
    ).toMatchObject({ cost: 5, currency: 'RUB' });
  });

  it('keeps currencies apart when the conversation used several', () => {
    const totals = usageTotals([
      turn({ ...tokens, cost: 2, currency: 'RUB' }),
      turn({ ...tokens, cost: 0.01, currency: 'USD', costUsd: 0.01 }),
    ]);
    expect(totals).toMatchObject({ costs: { RUB: 2, USD: 0.01 }, costUsd: 0.01 });
    expect(totals).not.toHaveProperty('cost');
    expect(totals).not.toHaveProperty('currency');
  });
});
