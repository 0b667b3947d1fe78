import type { I18n } from '../i18n/i18n-context.js';
import type { TurnView } from '../state/turn-view.js';
import { usageCosts } from './usage-costs.js';

/** One figure of a turn's statistics. */
export interface StatPart {
  readonly key: 'tokens' | 'model' | 'time' | 'cost';
  readonly label: string;
  readonly value: string;
}

/** Tokens in/out, model, time and cost (when known) of a finished turn, formatted in the page's locale. */
export function turnStatsParts(turn: TurnView, { t, fmt }: I18n): StatPart[] {
  const parts: StatPart[] = [];
  const { usage } = turn;
  // A run stopped before the provider reported anything says 0: that is "unknown", not "free".
  if (usage && ((usage.inputTokens ?? 0) > 0 || (usage.outputTokens ?? 0) > 0)) {
    parts.push({
      key: 'tokens',
      label: t.tokens,
      value: `${t.tokensIn(fmt.number(usage.inputTokens ?? 0))} · ${t.tokensOut(fmt.number(usage.outputTokens ?? 0))}`,
    });
  }
  if (turn.model) parts.push({ key: 'model', label: t.model, value: turn.model });
  if (turn.durationMs !== undefined)
    parts.push({ key: 'time', label: t.time, value: fmt.duration(turn.durationMs) });
  const costs = usageCosts(usage).filter((c) => c.amount > 0);
  if (costs.length > 0)
    parts.push({
      key: 'cost',
      label: t.cost,
      value: costs.map((c) => fmt.money(c.amount, c.currency)).join(' + '),
    });
  return parts;
}
