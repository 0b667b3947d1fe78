import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { displayUrl, isProviderDown, toLlmAppError } from './llm-error.js';

const KEY = 'sk-unit-secret-42';
const ctx = {
  provider: 'openai',
  keyVariable: 'OPENAI_API_KEY',
  baseUrlVariable: 'OPENAI_BASE_URL',
  baseUrl: 'http://user:pw@127.0.0.1:9/v1/?token=x',
  streamed: false,
  secrets: [KEY],
};

function apiError(status: number, message: string): APICallError {
  return new APICallError({
    message: 'failed',
    url: 'http://127.0.0.1:9/v1/chat/completions',
    requestBodyValues: {},
    statusCode: status,
    responseBody: JSON.stringify({ error: { message } }),
    data: { error: { message } },
  });
}

function refused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });
}

describe('toLlmAppError', () => {
  it.each([
    [500, 'upstream overloaded', /Provider said: upstream overloaded\. Try again later\.$/],
    [503, 'busy!', /Provider said: busy! Try again later\.$/],
    [401, `bad key ${KEY}`, /Check OPENAI_API_KEY\. Provider said: bad key \[redacted\]\.$/],
    [404, 'no such model:', /Provider said: no such model\. Check AGENT_DEFAULT_MODEL\.$/],
  ])('HTTP %i: every sentence of the message ends with punctuation', (status, said, pattern) => {
    const e = toLlmAppError(apiError(status, said), ctx);
    expect(e.message).toMatch(pattern);
    expect(e.message).not.toContain(KEY);
    // No sentence runs into the next: a lower-case word never follows a capitalised one without a stop.
    expect(e.message).not.toMatch(/[a-z] (Try|Check) /);
  });

  it('a refused connection names the URL (without credentials or query), the cause and the variable', () => {
    const e = toLlmAppError(refused(), ctx);
    expect(e.code).toBe('LLM_UNAVAILABLE');
    expect(e.message).toBe(
      'Cannot reach the LLM provider (openai): connection refused (ECONNREFUSED) at http://127.0.0.1:9/v1. Check OPENAI_BASE_URL.',
    );
  });

  it('any other failure ends its sentence too', () => {
    expect(toLlmAppError(new Error('something odd'), ctx).message).toMatch(/call failed: something odd\.$/);
  });
});

describe('isProviderDown', () => {
  it('counts unreachable and 5xx, not 4xx or aborts', () => {
    expect(isProviderDown(refused())).toBe(true);
    expect(isProviderDown(apiError(502, 'x'))).toBe(true);
    expect(isProviderDown(apiError(400, 'x'))).toBe(false);
    expect(isProviderDown(apiError(429, 'x'))).toBe(false);
    expect(isProviderDown(new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});

describe('displayUrl', () => {
  it('drops credentials, query, fragment and a trailing slash', () => {
    expect(displayUrl('https://u:p@api.example.com/v1/?key=1#x')).toBe('https://api.example.com/v1');
    expect(displayUrl('not a url')).toBe('an invalid URL');
  });
});
