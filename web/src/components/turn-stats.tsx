import { useI18n } from '../i18n/i18n-context.js';
import type { TurnView } from '../state/turn-view.js';
import { turnStatsParts } from '../text/turn-stats-parts.js';

/** Tokens in/out, model, time and cost under an answer. */
export function TurnStats({ turn }: { turn: TurnView }) {
  const i18n = useI18n();
  const parts = turnStatsParts(turn, i18n);
  if (parts.length === 0) return null;
  return (
    <dl class="turn-stats" aria-label={i18n.t.statsLabel}>
      {parts.map((part) => (
        <div key={part.key} class={`stat stat-${part.key}`}>
          <dt>{part.label}</dt>
          <dd>{part.value}</dd>
        </div>
      ))}
    </dl>
  );
}
