import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { budgetHistory, estimateTokens } from './history-budget.js';

const turn = (q: string, a: string): ModelMessage[] => [
  { role: 'user', content: q },
  { role: 'assistant', content: [{ type: 'text', text: a }] },
];

describe('budgetHistory', () => {
  it('keeps everything that fits', () => {
    const turns = [turn('a', 'b'), turn('c', 'd')];
    const r = budgetHistory(turns, 10_000);
    expect(r.droppedTurns).toBe(0);
    expect(r.messages).toHaveLength(4);
  });

  it('drops the oldest whole turns first and keeps the newest', () => {
    const big = 'x'.repeat(3000);
    const turns = [turn('first', big), turn('second', big), turn('third', 'short')];
    const r = budgetHistory(turns, estimateTokens(turns[1]) + estimateTokens(turns[2]) + 1);
    expect(r.droppedTurns).toBe(1);
    expect(r.messages[0]).toEqual({ role: 'user', content: 'second' });
    expect(r.messages).toHaveLength(4);
  });

  it('drops everything when nothing fits', () => {
    const r = budgetHistory([turn('q', 'a')], 0);
    expect(r).toEqual({ messages: [], droppedTurns: 1, tokens: 0 });
  });

  it('counts Cyrillic densely, so Russian is not underestimated', () => {
    expect(estimateTokens('привет')).toBeGreaterThan(estimateTokens('privet'));
  });
});

describe('estimateToolTokens', () => {
  it('counts descriptions and input schemas of every tool', async () => {
    const { tool } = await import('ai');
    const { z } = await import('zod');
    const small = { a: tool({ description: 'x', inputSchema: z.object({}) }) };
    const large = {
      ...small,
      b: tool({
        description: 'y'.repeat(300),
        inputSchema: z.object({ field: z.string().describe('z'.repeat(300)) }),
      }),
    };
    const { estimateToolTokens } = await import('./history-budget.js');
    expect(await estimateToolTokens(large)).toBeGreaterThan((await estimateToolTokens(small)) + 200);
  });
});
