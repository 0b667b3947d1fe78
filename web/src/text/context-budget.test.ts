import { describe, expect, it } from 'vitest';
import { finishedTurn } from '../state/finished-turn.js';
import type { TurnView } from '../state/turn-view.js';
import { contextBudget } from './context-budget.js';

const turn = (key: string, lastCall?: TurnView['lastCall']): TurnView =>
  finishedTurn(key, lastCall ? { lastCall } : {});

describe('contextBudget', () => {
  it('is the latest call’s input against its window, with the original’s thresholds', () => {
    const at = (inputTokens: number) =>
      contextBudget([
        turn('1', { inputTokens: 999, contextTokens: 1000 }),
        turn('2', { inputTokens, contextTokens: 1000 }),
      ]);
    expect(at(100)).toEqual({ inputTokens: 100, contextTokens: 1000, fraction: 0.1, level: 'good' });
    expect(at(500)?.level).toBe('moderate');
    expect(at(750)?.level).toBe('warning');
    expect(at(900)?.level).toBe('critical');
  });

  it('skips turns that did not report it, and is undefined when none did', () => {
    expect(contextBudget([turn('1', { inputTokens: 10, contextTokens: 100 }), turn('2')])?.inputTokens).toBe(
      10,
    );
    expect(contextBudget([turn('1'), turn('2')])).toBeUndefined();
    expect(contextBudget([])).toBeUndefined();
  });
});
