import type { I18n } from '../i18n/i18n-context.js';
import type { TurnView } from '../state/turn-view.js';

/** A conversation's tokens and cost over its turns, as lines for the sidebar; empty before any usage is known. */
export function conversationTotals(turns: readonly TurnView[], { t, fmt }: I18n): string[] {
  let input = 0;
  let output = 0;
  let cached = 0;
  let cost: number | undefined;
  for (const { usage } of turns) {
    if (!usage) continue;
    input += usage.inputTokens ?? 0;
    output += usage.outputTokens ?? 0;
    cached += usage.cachedInputTokens ?? 0;
    if (usage.costUsd !== undefined) cost = (cost ?? 0) + usage.costUsd;
  }
  if (input === 0 && output === 0) return [];
  return [
    `${t.tokensIn(fmt.number(input))} · ${t.tokensOut(fmt.number(output))}`,
    ...(cached > 0 ? [t.tokensCached(fmt.number(cached))] : []),
    // No turn with a known price: no cost line, rather than a misleading "$0".
    ...(cost !== undefined && cost > 0 ? [`${t.cost}: ${fmt.usd(cost)}`] : []),
  ];
}
