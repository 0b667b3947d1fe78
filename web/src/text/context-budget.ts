import type { ContextUse, TurnView } from '../state/turn-view.js';

/** How full the context window is, with the original's status thresholds. */
export interface ContextBudget extends ContextUse {
  /** `inputTokens / contextTokens`, 0…1 and beyond when a call overflowed the window. */
  readonly fraction: number;
  /** good below 50 %, moderate from 50 %, warning from 75 %, critical from 90 % (as the original's panel). */
  readonly level: 'good' | 'moderate' | 'warning' | 'critical';
}

/**
 * The context budget the conversation's latest LLM call used: its input tokens against its model's context window.
 * Undefined until a call has reported both (a provider that reports no usage, or turns stored before it was kept).
 */
export function contextBudget(turns: readonly TurnView[]): ContextBudget | undefined {
  const use = turns.findLast((turn) => turn.lastCall !== undefined)?.lastCall;
  if (!use) return undefined;
  const fraction = use.inputTokens / use.contextTokens;
  const level =
    fraction >= 0.9 ? 'critical' : fraction >= 0.75 ? 'warning' : fraction >= 0.5 ? 'moderate' : 'good';
  return { ...use, fraction, level };
}
