/**
 * Paths that `API_KEYS` protects: every route that starts a run or reads one (the Gradio `/call` and queue APIs,
 * the native run API, the OpenAI-compatible API). Health, readiness, the API docs, the Gradio `/config` and `/gradio_api/info`
 * descriptions, `/api/config` (the web chat asks it whether a key is needed) and the web chat's static files stay
 * open: they run nothing and reveal nothing secret.
 * @param url - the request URL (path and query)
 */
export function isProtectedPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (path === '/api/config' || path === '/gradio_api/info') return false;
  return (
    path.startsWith('/call/') ||
    path.startsWith('/gradio_api/') ||
    path.startsWith('/api/') ||
    path.startsWith('/v1/') ||
    path === '/v1'
  );
}
