import type { I18n } from '../i18n/i18n-context.js';
import type { TurnView } from '../state/turn-view.js';
import { sumCosts, usageCosts } from './usage-costs.js';

/** A conversation's tokens and cost over its turns, as lines for the sidebar; empty before any usage is known. */
export function conversationTotals(turns: readonly TurnView[], { t, fmt }: I18n): string[] {
  let input = 0;
  let output = 0;
  let cached = 0;
  for (const { usage } of turns) {
    if (!usage) continue;
    input += usage.inputTokens ?? 0;
    output += usage.outputTokens ?? 0;
    cached += usage.cachedInputTokens ?? 0;
  }
  if (input === 0 && output === 0) return [];
  // Each currency apart (a conversation may have used a rouble-billed and a dollar-billed provider); no turn with
  // a known price: no cost line, rather than a misleading "$0".
  const costs = sumCosts(turns.flatMap((turn) => usageCosts(turn.usage))).filter((c) => c.amount > 0);
  return [
    `${t.tokensIn(fmt.number(input))} · ${t.tokensOut(fmt.number(output))}`,
    ...(cached > 0 ? [t.tokensCached(fmt.number(cached))] : []),
    ...(costs.length > 0
      ? [`${t.cost}: ${costs.map((c) => fmt.money(c.amount, c.currency)).join(' + ')}`]
      : []),
  ];
}
