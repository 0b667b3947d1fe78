import type { UploadedFile } from '../api/api-types.js';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import type { ChatState } from '../state/chat-reducer.js';
import type { TurnView } from '../state/turn-view.js';
import { queueStatus } from '../text/queue-status.js';
import { QuickStart } from './quick-start.js';
import { TurnItem } from './turn-item.js';

/** Props of {@link ConversationView}. */
export interface ConversationViewProps {
  readonly state: ChatState;
  readonly turns: readonly TurnView[];
  readonly liveKey: string | undefined;
  readonly onPickExample: (prompt: string) => void;
  readonly onRetry: () => void;
  /** The conversation's files: each turn shows those uploaded since the turn before it. */
  readonly files?: readonly UploadedFile[];
  /** Sends the person's decision on a call the live run holds. */
  readonly onDecide?: (approvalId: string, approved: boolean, reason: string) => Promise<void>;
}

const STICK_PX = 80;

/** The turns of the open conversation, kept scrolled to the end while the answer grows. */
export function ConversationView({
  state,
  turns,
  liveKey,
  onPickExample,
  onRetry,
  onDecide,
  files = [],
}: ConversationViewProps) {
  const { t, fmt } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  // A newly opened conversation or a new question starts at the end.
  useLayoutEffect(() => {
    stick.current = true;
  }, [state.sessionId, turns.length]);

  useLayoutEffect(() => {
    const el = scroller.current;
    // The welcome of an empty conversation is read from the top.
    if (el && stick.current && turns.length > 0) el.scrollTop = el.scrollHeight;
  });

  const live = turns.find((turn) => turn.key === liveKey);
  return (
    <div class="conversation" ref={scroller}>
      <div class="conversation-inner">
        {state.title && <h1 class="conversation-title">{state.title}</h1>}
        {state.status === 'loading' && (
          <p class="placeholder-text">
            <span class="spinner" aria-hidden="true" />
          </p>
        )}
        {state.status === 'failed' && (
          <div class="marker marker-error" role="alert">
            <p>{t.loadFailed}</p>
            <button type="button" class="button" onClick={onRetry}>
              {t.retry}
            </button>
          </div>
        )}
        {state.status === 'ready' && turns.length === 0 && <QuickStart onPick={onPickExample} />}
        {turns.map((turn, index) => (
          <TurnItem
            key={turn.key}
            turn={turn}
            live={turn.key === liveKey}
            onDecide={onDecide}
            attached={filesOfTurn(files, turns[index - 1]?.createdAt, turn.createdAt)}
          />
        ))}
      </div>
      <p class="visually-hidden" role="status">
        {live ? liveStatus(live, t, fmt) : ''}
      </p>
    </div>
  );
}

function liveStatus(
  turn: TurnView,
  t: ReturnType<typeof useI18n>['t'],
  fmt: ReturnType<typeof useI18n>['fmt'],
): string {
  if (turn.phase === 'sending') return t.sending;
  if (turn.phase === 'queued' && turn.queue) return queueStatus(turn.queue, t, fmt);
  if (turn.phase === 'running') return t.answering;
  if (turn.outcome === 'completed') return t.answerDone;
  return t.interrupted;
}

/** The names of the files uploaded after the turn before and up to this turn's question. */
function filesOfTurn(files: readonly UploadedFile[], after: string | undefined, upTo: string): string[] {
  return files
    .filter((f) => (after === undefined || f.created_at > after) && f.created_at <= upTo)
    .map((f) => f.name);
}
