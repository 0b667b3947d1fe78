import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import type { SessionSummary } from '../api/api-types.js';

/** The conversation list of the sidebar. */
export interface Sessions {
  readonly items: readonly SessionSummary[];
  readonly status: 'loading' | 'ready' | 'failed';
  readonly refresh: (created?: { id: string; title: string }) => void;
  readonly rename: (id: string, title: string) => Promise<void>;
  readonly remove: (id: string) => Promise<void>;
}

/** Loads `/api/sessions` and keeps it fresh after runs, renames and deletions. */
export function useSessions(api: ApiClient): Sessions {
  const [items, setItems] = useState<readonly SessionSummary[]>([]);
  const [status, setStatus] = useState<Sessions['status']>('loading');
  const generation = useRef(0);

  const refresh = useCallback(
    (created?: { id: string; title: string }) => {
      if (created) {
        // Shown at once; the server's copy replaces it when the list comes back.
        const now = new Date().toISOString();
        setItems((list) =>
          list.some((s) => s.id === created.id)
            ? list
            : [{ id: created.id, title: created.title, created_at: now, updated_at: now, turns: 0 }, ...list],
        );
      }
      const mine = ++generation.current;
      api
        .listSessions()
        .then((sessions) => {
          if (mine !== generation.current) return;
          setItems((list) => {
            // Keep an optimistic entry the server does not list yet.
            const missing = created && !sessions.some((s) => s.id === created.id);
            return missing ? [...list.filter((s) => s.id === created.id), ...sessions] : sessions;
          });
          setStatus('ready');
        })
        .catch(() => {
          if (mine === generation.current) setStatus('failed');
        });
    },
    [api],
  );

  useEffect(() => refresh(), [refresh]);

  const rename = useCallback(
    async (id: string, title: string) => {
      await api.renameSession(id, title);
      setItems((list) => list.map((s) => (s.id === id ? { ...s, title } : s)));
      refresh();
    },
    [api, refresh],
  );

  const remove = useCallback(
    async (id: string) => {
      await api.deleteSession(id);
      setItems((list) => list.filter((s) => s.id !== id));
      refresh();
    },
    [api, refresh],
  );

  return { items, status, refresh, rename, remove };
}
