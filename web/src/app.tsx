import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient } from './api/api-client.js';
import { getClientKey } from './api/client-key.js';
import { Composer } from './components/composer.js';
import { ConversationView } from './components/conversation-view.js';
import { ServerBanner } from './components/server-banner.js';
import { SettingsDialog } from './components/settings-dialog.js';
import { Sidebar } from './components/sidebar.js';
import { TopBar } from './components/top-bar.js';
import { conversationToHtml } from './export/conversation-html.js';
import { conversationToMarkdown } from './export/conversation-markdown.js';
import { downloadFile } from './export/download-file.js';
import { exportFileName } from './export/export-file-name.js';
import { I18nContext, i18nFor } from './i18n/i18n-context.js';
import { contextBudget } from './text/context-budget.js';
import { conversationTotals } from './text/conversation-totals.js';
import { initialLocale, rememberLocale, type Locale } from './i18n/locale.js';
import { loadBrowserSettings, saveBrowserSettings, type BrowserSettings } from './state/browser-settings.js';
import { useChat } from './state/use-chat.js';
import { useHashSession } from './state/use-hash-session.js';
import { useServerConfig } from './state/use-server-config.js';
import { useConversationFiles } from './state/use-conversation-files.js';
import { useSessions } from './state/use-sessions.js';

const WIDE = '(min-width: 860px)';

/** The web chat: sidebar of conversations, the conversation, the question box, settings. */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => initialLocale());
  const i18n = useMemo(() => i18nFor(locale), [locale]);
  const { t } = i18n;
  const [settings, setSettings] = useState<BrowserSettings>(() => loadBrowserSettings());
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const api = useMemo(
    () => new ApiClient({ clientKey: getClientKey(), apiKey: () => settingsRef.current.apiKey || undefined }),
    [],
  );
  const [settingsOpen, setSettingsOpen] = useState(false);
  const server = useServerConfig(api, settingsOpen);
  const sessions = useSessions(api);
  const [sessionId, navigate] = useHashSession();
  const chat = useChat({
    api,
    settings: () => settingsRef.current,
    sessionId,
    navigate,
    onSessionsChanged: sessions.refresh,
    llmKeysAllowed: () => server.status === 'loaded' && server.config.client_llm_keys === true,
  });
  const files = useConversationFiles(api, sessionId, (id) => {
    navigate(id, true);
    sessions.refresh();
  });
  // A run may keep files it fetched from the platform: read the list again when one ends.
  const refreshFiles = files.refresh;
  useEffect(() => {
    if (!chat.busy) refreshFiles();
  }, [chat.busy]);
  const lastTurnAt = chat.turns.at(-1)?.createdAt;
  // Uploaded since the last question: they go with the next one.
  const attached = files.files.filter((f) => lastTurnAt === undefined || f.created_at > lastTurnAt);
  const [draft, setDraft] = useState('');
  const [sidebarOpen, setSidebarOpen] = useState(() => matchMedia(WIDE).matches);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = chat.state.title ? `${chat.state.title} — ${t.appTitle}` : t.appTitle;
  }, [locale, t, chat.state.title]);

  // On a phone the sidebar is a drawer: Escape closes it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !matchMedia(WIDE).matches) setSidebarOpen(false);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  // Opening the drawer on a phone moves the keyboard into it.
  useEffect(() => {
    if (sidebarOpen && !matchMedia(WIDE).matches)
      document.querySelector<HTMLButtonElement>('#sidebar .new-chat')?.focus();
  }, [sidebarOpen]);

  const closeDrawer = () => {
    if (!matchMedia(WIDE).matches) setSidebarOpen(false);
  };

  const changeLocale = (next: Locale) => {
    rememberLocale(next);
    setLocale(next);
  };

  const send = () => {
    if (draft.trim() === '') return;
    chat.send(draft);
    setDraft('');
  };

  const pickExample = (prompt: string) => {
    setDraft(prompt);
    input.current?.focus();
  };

  const openSession = (id: string) => {
    if (id !== sessionId) navigate(id);
    closeDrawer();
  };

  const newChat = () => {
    navigate(undefined);
    closeDrawer();
    setTimeout(() => input.current?.focus(), 0);
  };

  const deleteSession = (id: string, title: string) => {
    if (!confirm(t.confirmDelete(title))) return;
    sessions
      .remove(id)
      .then(() => {
        chat.deleted(id);
        if (id === sessionId) navigate(undefined, true);
      })
      .catch(() => undefined);
  };

  const renameSession = async (id: string, title: string) => {
    await sessions.rename(id, title);
    chat.renamed(id, title);
  };

  const exportAs = (format: 'md' | 'html') => {
    const title = chat.state.title?.trim() || t.exportTitle;
    const conversation = { title, turns: chat.turns };
    if (format === 'md')
      downloadFile(exportFileName(title, 'md'), conversationToMarkdown(conversation, i18n), 'text/markdown');
    else downloadFile(exportFileName(title, 'html'), conversationToHtml(conversation, i18n), 'text/html');
  };

  const { live } = chat.state;
  const config = server.status === 'loaded' ? server.config : undefined;

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip-link" href="#question">
        {t.skipToInput}
      </a>
      <div class={`app${sidebarOpen ? ' sidebar-open' : ''}`}>
        <TopBar
          sidebarOpen={sidebarOpen}
          onToggleSidebar={() => setSidebarOpen((open) => !open)}
          onLocale={changeLocale}
          onSettings={() => setSettingsOpen(true)}
          canExport={chat.turns.length > 0}
          onExportMarkdown={() => exportAs('md')}
          onExportHtml={() => exportAs('html')}
        />
        <div class="layout">
          <Sidebar
            open={sidebarOpen}
            sessions={sessions.items}
            sessionsStatus={sessions.status}
            currentId={chat.state.sessionId}
            totals={conversationTotals(chat.turns, i18n)}
            context={contextBudget(chat.turns)}
            server={server}
            onNew={newChat}
            onOpen={openSession}
            onRename={renameSession}
            onDelete={deleteSession}
            files={files.files}
            onDownloadFile={files.download}
          />
          <div class="backdrop" aria-hidden="true" onClick={() => setSidebarOpen(false)} />
          <div class="main-column">
            <ServerBanner
              server={server}
              hasApiKey={settings.apiKey !== ''}
              onOpenSettings={() => setSettingsOpen(true)}
            />
            <main id="main" class="main" aria-label={t.mainLabel}>
              <ConversationView
                state={chat.state}
                turns={chat.turns}
                liveKey={chat.liveHere ? live?.turn.key : undefined}
                onPickExample={pickExample}
                onRetry={chat.reload}
                onDecide={chat.decide}
                files={files.files}
              />
            </main>
            <Composer
              value={draft}
              onInput={setDraft}
              onSend={send}
              onStop={chat.stop}
              running={chat.liveHere}
              stopping={live?.stopping ?? false}
              blocked={chat.busy && !chat.liveHere}
              inputRef={input}
              attached={attached}
              uploads={files.uploads}
              onAttach={files.attach}
              onRemoveFile={files.remove}
              onDismissUpload={files.dismiss}
            />
          </div>
        </div>
      </div>
      <SettingsDialog
        open={settingsOpen}
        settings={settings}
        config={config}
        onSave={(next) => {
          saveBrowserSettings(next);
          setSettings(next);
          settingsRef.current = next;
          // A new API key may open what the server refused so far.
          if (next.apiKey !== settings.apiKey) {
            sessions.refresh();
            chat.reload();
          }
        }}
        onClose={() => setSettingsOpen(false)}
      />
    </I18nContext.Provider>
  );
}
