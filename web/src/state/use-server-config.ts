import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import type { ServerConfig } from '../api/api-types.js';

/** The server's config, or why it is not there yet. */
export type ServerConfigState =
  | { readonly status: 'loading' }
  | { readonly status: 'unreachable'; readonly message: string }
  | { readonly status: 'loaded'; readonly config: ServerConfig };

const RETRY_MS = 5000;

/**
 * Reads `/api/config`, and again every few seconds while the server is not ready or not reachable, and whenever
 * `reread` changes (the settings dialog opens: providers that came up since then add their models).
 */
export function useServerConfig(api: ApiClient, reread?: unknown): ServerConfigState {
  const [state, setState] = useState<ServerConfigState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api
        .getConfig(controller.signal)
        .then((config) => {
          setState({ status: 'loaded', config });
          if (!config.ready) timer = setTimeout(load, RETRY_MS);
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setState({
            status: 'unreachable',
            message: error instanceof Error ? error.message : String(error),
          });
          timer = setTimeout(load, RETRY_MS);
        });
    };
    load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, reread]);
  return state;
}
