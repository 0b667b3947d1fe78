import { describe, expect, it } from 'vitest';
import { ModelListError } from './discover-models.js';
import { toDiscoveryFailure } from './discovery-error.js';

const ctx = {
  provider: 'openai',
  baseUrl: 'http://127.0.0.1:9/v1',
  baseUrlVariable: 'OPENAI_BASE_URL',
  keyVariable: 'OPENAI_API_KEY',
  timeoutMs: 10_000,
};

const network = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('toDiscoveryFailure', () => {
  it.each([
    [
      'refused',
      network('ECONNREFUSED'),
      /connection refused \(ECONNREFUSED\) at http:\/\/127\.0\.0\.1:9\/v1/,
    ],
    ['unknown host', network('ENOTFOUND'), /host not found \(ENOTFOUND\)/],
    ['not HTTP', network('UND_ERR_SOCKET'), /network error \(UND_ERR_SOCKET\)/],
    [
      '5xx',
      new ModelListError('GET /models answered HTTP 502', 502),
      /answered GET \/models with HTTP 502\./,
    ],
    [
      'no answer in time',
      new DOMException('timed out', 'TimeoutError'),
      /within 10 s \(LLM_STARTUP_TIMEOUT_S\)/,
    ],
  ])('%s: the provider is down (LLM_UNAVAILABLE)', (_what, error, message) => {
    const f = toDiscoveryFailure(error, ctx);
    expect(f.providerDown).toBe(true);
    expect(f.error.code).toBe('LLM_UNAVAILABLE');
    expect(f.error.message).toMatch(message);
  });

  it('401 is a key problem, not an outage', () => {
    const f = toDiscoveryFailure(new ModelListError('GET /models answered HTTP 401', 401), ctx);
    expect(f).toMatchObject({ providerDown: false, error: { code: 'LLM_AUTH_FAILED' } });
    expect(f.error.message).toMatch(/Check OPENAI_API_KEY\.$/);
  });

  it('a server without a model list (404, not a list) is not down: a configured model is tried as is', () => {
    for (const e of [
      new ModelListError('GET /models answered HTTP 404', 404),
      new ModelListError('GET /models did not return an OpenAI-style model list'),
    ]) {
      const f = toDiscoveryFailure(e, ctx);
      expect(f.providerDown).toBe(false);
      expect(f.error.message).toMatch(/could not list its models: GET \/models .*\.$/);
    }
  });
});
