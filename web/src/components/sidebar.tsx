import type { SessionSummary, UploadedFile } from '../api/api-types.js';
import type { ContextBudget } from '../text/context-budget.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { ServerConfigState } from '../state/use-server-config.js';
import { Icon } from './icon.js';
import { SessionListItem } from './session-list-item.js';

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  readonly open: boolean;
  readonly sessions: readonly SessionSummary[];
  readonly sessionsStatus: 'loading' | 'ready' | 'failed';
  readonly currentId: string | undefined;
  /** The open conversation's token and cost totals, a line each (none before anything is known). */
  readonly totals: readonly string[];
  /** How full the context window was at the open conversation's latest LLM call (none before one reported it). */
  readonly context?: ContextBudget | undefined;
  readonly server: ServerConfigState;
  /** The open conversation's uploaded files. */
  readonly files?: readonly UploadedFile[];
  readonly onDownloadFile?: (file: UploadedFile) => void;
  readonly onNew: () => void;
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, title: string) => Promise<void>;
  readonly onDelete: (id: string, title: string) => void;
}

/** The conversations of this browser, newest first, and the server's state. */
export function Sidebar(props: SidebarProps) {
  const { t, fmt } = useI18n();
  const { server, context } = props;
  return (
    <nav id="sidebar" class={`sidebar${props.open ? ' open' : ''}`} aria-label={t.conversations}>
      <button type="button" class="button primary new-chat" onClick={props.onNew}>
        <Icon name="plus" size={18} /> {t.newChat}
      </button>
      <h2 class="sidebar-heading">{t.conversations}</h2>
      {props.sessionsStatus === 'ready' && props.sessions.length === 0 && (
        <p class="sidebar-empty">{t.noConversations}</p>
      )}
      <ul class="session-list">
        {props.sessions.map((session) => (
          <SessionListItem
            key={session.id}
            session={session}
            current={session.id === props.currentId}
            onOpen={props.onOpen}
            onRename={props.onRename}
            onDelete={props.onDelete}
          />
        ))}
      </ul>
      {props.files && props.files.length > 0 && (
        <section class="conversation-files" aria-label={t.conversationFiles}>
          <h2 class="sidebar-heading">{t.conversationFiles}</h2>
          <ul>
            {props.files.map((file) => (
              <li key={file.id}>
                <button
                  type="button"
                  class="file-link"
                  title={t.downloadFile(file.name)}
                  aria-label={t.downloadFile(file.name)}
                  onClick={() => props.onDownloadFile?.(file)}
                >
                  <Icon name="download" size={14} /> <span>{file.name}</span>
                </button>
                <span class="file-size">{fmt.bytes(file.size)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.totals.length > 0 && (
        <section class="conversation-totals" aria-label={t.conversationTotals}>
          <h2 class="sidebar-heading">{t.conversationTotals}</h2>
          {props.totals.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </section>
      )}
      {context && (
        <section class="context-budget" data-level={context.level} aria-label={t.contextWindow}>
          <h2 class="sidebar-heading">{t.contextWindow}</h2>
          <div
            class="budget-bar"
            role="meter"
            aria-label={t.contextWindow}
            aria-valuemin={0}
            aria-valuemax={context.contextTokens}
            aria-valuenow={Math.min(context.inputTokens, context.contextTokens)}
            aria-valuetext={fmt.percent(context.fraction)}
          >
            <span style={{ width: `${Math.min(100, context.fraction * 100).toFixed(1)}%` }} />
          </div>
          <p>
            {t.contextUsed(
              fmt.number(context.inputTokens),
              fmt.number(context.contextTokens),
              fmt.percent(context.fraction),
            )}
          </p>
        </section>
      )}
      <p
        class={`server-status server-${server.status === 'loaded' && server.config.ready ? 'ready' : 'down'}`}
      >
        <span class="dot" aria-hidden="true" />
        {server.status === 'loaded'
          ? server.config.ready
            ? t.serverReady(server.config.provider, server.config.model)
            : t.serverNotReady
          : server.status === 'unreachable'
            ? t.serverUnreachable
            : ''}
      </p>
    </nav>
  );
}
