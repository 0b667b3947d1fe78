import type { TurnView } from './turn-view.js';

/**
 * A completed turn with placeholder text and `extra` on top: what the tests of the sidebar's figures start from.
 * @param key - the turn's key
 * @param extra - the fields a test is about (usage, last call…)
 */
export function finishedTurn(key: string, extra: Partial<TurnView> = {}): TurnView {
  return {
    key,
    createdAt: '2026-12-05T10:00:00.000Z',
    question: 'q',
    answer: 'a',
    phase: 'done',
    outcome: 'completed',
    tools: [],
    ...extra,
  };
}
