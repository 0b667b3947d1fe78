import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import type { ApprovalView } from '../state/turn-view.js';
import { approvalSummary } from '../text/approval-summary.js';
import { toolPreview } from '../text/tool-preview.js';
import { Icon } from './icon.js';

/** Props of {@link ApprovalCard}. */
export interface ApprovalCardProps {
  readonly approval: ApprovalView;
  /** Sends the decision; absent when the card is not the live run's (it then only shows the outcome). */
  readonly onDecide?: ((approved: boolean, reason: string) => Promise<void>) | undefined;
}

/**
 * A tool call held for the person: what will happen, in plain words and as the call itself, with Approve and Deny
 * (and an optional reason for a denial) while pending, then the outcome. Plain buttons and a labelled field: all
 * of it works with the keyboard.
 */
export function ApprovalCard({ approval, onDecide }: ApprovalCardProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const pending = approval.state === 'pending';
  const titleId = `approval-${approval.approvalId}`;
  const decide = (approved: boolean) => {
    if (!onDecide) return;
    setSending(true);
    setFailed(false);
    onDecide(approved, reason.trim()).catch(() => {
      setSending(false);
      setFailed(true);
    });
  };
  const outcome =
    approval.state === 'approved'
      ? t.approvalApproved
      : approval.by === 'timeout'
        ? t.approvalTimedOut
        : approval.by === 'cancel'
          ? t.approvalCancelled
          : t.approvalDenied;
  return (
    <section
      class={`approval-card approval-${approval.state}`}
      role="group"
      aria-labelledby={titleId}
      data-state={approval.state}
    >
      <h3 id={titleId}>
        <Icon name={pending ? 'alert' : approval.state === 'approved' ? 'check' : 'stop'} size={16} />{' '}
        {pending ? t.approvalTitle : outcome}
      </h3>
      <p class="approval-summary">{approvalSummary(approval.toolName, approval.input, t)}</p>
      <details>
        <summary>
          <code>{approval.toolName}</code>
        </summary>
        <pre>
          <code>{toolPreview(approval.input)}</code>
        </pre>
      </details>
      {pending && onDecide && (
        <>
          <p class="field-note">{t.approvalNote}</p>
          <label class="field">
            <span>{t.denyReasonLabel}</span>
            <input
              type="text"
              name="deny_reason"
              maxLength={500}
              value={reason}
              onInput={(event) => setReason(event.currentTarget.value)}
            />
          </label>
          <div class="approval-actions">
            <button type="button" class="button primary" disabled={sending} onClick={() => decide(true)}>
              {t.approve}
            </button>
            <button type="button" class="button danger" disabled={sending} onClick={() => decide(false)}>
              {t.deny}
            </button>
          </div>
          {failed && (
            <p class="approval-failed" role="alert">
              {t.approvalFailed}
            </p>
          )}
        </>
      )}
    </section>
  );
}
