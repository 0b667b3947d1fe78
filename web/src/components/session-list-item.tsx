import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionSummary } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Icon } from './icon.js';

/** Props of {@link SessionListItem}. */
export interface SessionListItemProps {
  readonly session: SessionSummary;
  readonly current: boolean;
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, title: string) => Promise<void>;
  readonly onDelete: (id: string, title: string) => void;
}

/** A conversation in the sidebar: open it, rename it in place, delete it. */
export function SessionListItem({ session, current, onOpen, onRename, onDelete }: SessionListItemProps) {
  const { t, fmt } = useI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(session.title);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const title = session.title.trim() || t.untitled;

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const finish = (save: boolean) => {
    const next = draft.trim();
    setEditing(false);
    // Back to where the keyboard was.
    setTimeout(() => renameButton.current?.focus(), 0);
    if (save && next !== '' && next !== session.title) void onRename(session.id, next).catch(() => undefined);
  };

  if (editing) {
    return (
      <li class="session-item editing">
        <form
          class="rename-form"
          onSubmit={(event) => {
            event.preventDefault();
            finish(true);
          }}
        >
          <label class="visually-hidden" for={`rename-${session.id}`}>
            {t.renameLabel}
          </label>
          <input
            id={`rename-${session.id}`}
            ref={input}
            value={draft}
            maxLength={200}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                finish(false);
              }
            }}
          />
          <button type="submit" class="icon-button" aria-label={t.save} title={t.save}>
            <Icon name="check" size={16} />
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={t.cancel}
            title={t.cancel}
            onClick={() => finish(false)}
          >
            <Icon name="close" size={16} />
          </button>
        </form>
      </li>
    );
  }

  return (
    <li class={`session-item${current ? ' current' : ''}`}>
      <a
        class="session-link"
        href={`#/c/${encodeURIComponent(session.id)}`}
        aria-current={current ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          onOpen(session.id);
        }}
      >
        <span class="session-title">{title}</span>
        <span class="session-meta">
          <time dateTime={session.updated_at}>{fmt.shortDate(session.updated_at)}</time>
          {session.turns > 0 && <> · {t.questionCount(fmt.number(session.turns), session.turns)}</>}
        </span>
      </a>
      <div class="session-actions">
        <button
          type="button"
          ref={renameButton}
          class="icon-button subtle"
          aria-label={`${t.rename}: ${title}`}
          title={t.rename}
          onClick={() => {
            setDraft(session.title);
            setEditing(true);
          }}
        >
          <Icon name="pencil" size={16} />
        </button>
        <button
          type="button"
          class="icon-button subtle danger"
          aria-label={`${t.delete}: ${title}`}
          title={t.delete}
          onClick={() => onDelete(session.id, title)}
        >
          <Icon name="trash" size={16} />
        </button>
      </div>
    </li>
  );
}
