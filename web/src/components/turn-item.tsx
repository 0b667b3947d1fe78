import { useI18n } from '../i18n/i18n-context.js';
import { wasStopped, type TurnView } from '../state/turn-view.js';
import { queueStatus } from '../text/queue-status.js';
import { CopyButton } from './copy-button.js';
import { Icon } from './icon.js';
import { MarkdownView } from './markdown-view.js';
import { ToolCallCard } from './tool-call-card.js';
import { ApprovalCard } from './approval-card.js';
import { TurnStats } from './turn-stats.js';

/** One question and its answer: tool cards, the streamed Markdown, markers and statistics. */
export function TurnItem({
  turn,
  live,
  onDecide,
  attached = [],
}: {
  turn: TurnView;
  live: boolean;
  /** Sends the person's decision on a call the live run holds. */
  onDecide?: ((approvalId: string, approved: boolean, reason: string) => Promise<void>) | undefined;
  /** Names of the files uploaded for this question. */
  attached?: readonly string[] | undefined;
}) {
  const { t, fmt } = useI18n();
  const streaming = turn.phase !== 'done';
  const stopped = wasStopped(turn);
  const interrupted = turn.outcome === 'interrupted' || (turn.outcome === 'failed' && stopped);
  const hasAnswer = turn.answer.trim() !== '';
  return (
    <article class="turn" data-phase={turn.phase} data-outcome={turn.outcome ?? ''}>
      <div class="message message-user">
        <div class="message-meta">
          <span class="who">{t.you}</span>
          <time dateTime={turn.createdAt}>{fmt.dateTime(turn.createdAt)}</time>
        </div>
        <p class="question">{turn.question}</p>
        {attached.length > 0 && (
          <p class="turn-files">
            <Icon name="clip" size={14} /> <span class="visually-hidden">{t.turnFiles}: </span>
            {attached.join(', ')}
          </p>
        )}
      </div>
      <div class="message message-assistant">
        <div class="message-meta">
          <span class="who">
            <Icon name="spark" size={14} /> {t.assistant}
          </span>
        </div>
        {turn.fallbacks?.map((f, index) => (
          <p key={index} class="marker marker-fallback" role="note">
            <Icon name="bolt" size={16} /> {t.modelFallback(f.from, f.to, f.reason)}
          </p>
        ))}
        {turn.approvals?.map((approval) => (
          <ApprovalCard
            key={approval.approvalId}
            approval={approval}
            onDecide={
              live && onDecide
                ? (approved, reason) => onDecide(approval.approvalId, approved, reason)
                : undefined
            }
          />
        ))}
        {streaming && <TurnProgress turn={turn} />}
        {turn.tools.length > 0 && (
          <ul class="tool-list" aria-label={t.toolCallsLabel}>
            {turn.tools.map((tool) => (
              <ToolCallCard key={tool.id} tool={tool} />
            ))}
          </ul>
        )}
        <div
          class="answer"
          {...(live ? { 'aria-live': 'polite', 'aria-atomic': 'false' } : {})}
          aria-busy={streaming ? 'true' : 'false'}
        >
          {hasAnswer && <MarkdownView text={turn.answer} />}
        </div>
        {interrupted && (
          <p class="marker marker-interrupted" role="note">
            <Icon name="bolt" size={16} /> {hasAnswer ? t.interrupted : t.stoppedBeforeAnswer}
          </p>
        )}
        {turn.error && !stopped && (
          <div class="marker marker-error" role="alert">
            <Icon name="alert" size={16} />
            <div>
              <strong>{t.errorTitle}</strong>
              {turn.error.message && <p>{turn.error.message}</p>}
              <p class="error-code">{t.errorCode(turn.error.code)}</p>
            </div>
          </div>
        )}
        {!streaming && (
          <footer class="turn-footer">
            <TurnStats turn={turn} />
            {hasAnswer && <CopyButton text={turn.answer} />}
          </footer>
        )}
      </div>
    </article>
  );
}

function TurnProgress({ turn }: { turn: TurnView }) {
  const { t, fmt } = useI18n();
  let text: string;
  if (turn.phase === 'sending') text = t.sending;
  else if (turn.phase === 'queued' && turn.queue) text = queueStatus(turn.queue, t, fmt);
  else if (turn.answer === '' && !turn.tools.some((tool) => tool.status === 'pending')) text = t.preparing;
  else return null;
  return (
    <p class={`progress progress-${turn.phase}`}>
      <span class="spinner" aria-hidden="true" /> {text}
    </p>
  );
}
