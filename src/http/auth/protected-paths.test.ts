import { describe, expect, it } from 'vitest';
import { isProtectedPath } from './protected-paths.js';

describe('isProtectedPath', () => {
  it.each([
    '/call/ask_stream',
    '/call/ask/abc',
    '/gradio_api/call/ask',
    '/gradio_api/queue/join',
    '/gradio_api/queue/data?session_hash=x',
    '/api/runs',
    '/api/sessions/x',
    '/api/v1/chat/completions',
    '/v1/models',
  ])('protects %s', (path) => expect(isProtectedPath(path)).toBe(true));

  it.each([
    '/',
    '/healthz',
    '/readyz',
    '/config',
    '/gradio_api/info',
    '/api/config',
    '/docs',
    '/openapi.json',
    '/assets/app.js',
  ])('leaves %s open', (path) => expect(isProtectedPath(path)).toBe(false));
});
