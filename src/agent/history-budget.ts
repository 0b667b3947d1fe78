import type { ModelMessage } from 'ai';

/**
 * A conservative token estimate: UTF-8 bytes / 3. Cyrillic text costs about two bytes a character and
 * tokenizes densely, so bytes (not characters) keep Russian conversations from overflowing the window.
 * @param value - a string or anything JSON-serialisable
 */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Math.ceil(Buffer.byteLength(text ?? '', 'utf8') / 3);
}

/** The result of fitting a conversation into a token budget. */
export interface BudgetedHistory {
  /** The messages of the turns that were kept, oldest first. */
  readonly messages: ModelMessage[];
  /** How many of the oldest turns were dropped to fit. */
  readonly droppedTurns: number;
  /** The estimated tokens of the kept messages. */
  readonly tokens: number;
}

/**
 * Fits earlier turns into `budgetTokens` by **dropping the oldest whole turns** (a turn's question, tool calls,
 * tool results and answer stay together, so no tool result is ever orphaned). The newest turns are kept.
 * @param turns - earlier turns, oldest first, each the list of its messages
 * @param budgetTokens - tokens available for history
 */
export function budgetHistory(
  turns: readonly (readonly ModelMessage[])[],
  budgetTokens: number,
): BudgetedHistory {
  const kept: (readonly ModelMessage[])[] = [];
  let tokens = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const cost = estimateTokens(turn);
    if (tokens + cost > budgetTokens) break;
    kept.unshift(turn);
    tokens += cost;
  }
  return { messages: kept.flat(), droppedTurns: turns.length - kept.length, tokens };
}
