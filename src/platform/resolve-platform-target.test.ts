import { describe, expect, it } from 'vitest';
import { PlatformError } from './platform-error.js';
import {
  resolvePlatformBaseUrl,
  resolvePlatformTarget,
  type PlatformDefaults,
} from './resolve-platform-target.js';

const env: PlatformDefaults = {
  baseUrl: 'https://cmw.example.com/',
  login: 'svc',
  password: 'env-password-1',
  timeoutMs: 30_000,
  allowedBaseUrls: [],
};
const none: PlatformDefaults = { ...env, baseUrl: undefined, login: undefined, password: undefined };

function notConfigured(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('not_configured');
    return (error as PlatformError).message;
  }
  throw new Error('expected not_configured');
}

describe('resolvePlatformTarget', () => {
  it("uses the server's CMW_* settings when the request brings none", () => {
    expect(resolvePlatformTarget({}, env)).toEqual({
      baseUrl: 'https://cmw.example.com',
      login: 'svc',
      password: 'env-password-1',
    });
  });

  it("uses the request's own credentials, and its own URL", () => {
    expect(
      resolvePlatformTarget({ baseUrl: 'http://10.1.2.3/', username: ' ana ', password: 'req-pass' }, env),
    ).toEqual({ baseUrl: 'http://10.1.2.3', login: 'ana', password: 'req-pass' });
    // Request credentials against the server's URL.
    expect(resolvePlatformTarget({ username: 'ana', password: 'req-pass' }, env).baseUrl).toBe(
      'https://cmw.example.com',
    );
  });

  it("never sends the server's password to a URL the request chose", () => {
    const message = notConfigured(() =>
      resolvePlatformTarget({ baseUrl: 'https://elsewhere.example.com' }, env),
    );
    expect(message).toMatch(/username and password/);
    // The same URL as the server's is fine.
    expect(resolvePlatformTarget({ baseUrl: 'https://cmw.example.com' }, env).login).toBe('svc');
  });

  it('wants a username and a password together', () => {
    expect(notConfigured(() => resolvePlatformTarget({ username: 'ana' }, env))).toMatch(
      /without a password/,
    );
    expect(notConfigured(() => resolvePlatformTarget({ password: 'x1234' }, env))).toMatch(
      /without a username/,
    );
  });

  it('says what to set when nothing is configured', () => {
    const message = notConfigured(() => resolvePlatformTarget({}, none));
    expect(message).toMatch(/not configured/);
    expect(message).toMatch(/CMW_BASE_URL, CMW_LOGIN and CMW_PASSWORD/);
    expect(message).toMatch(/base_url, username and password/);
    expect(notConfigured(() => resolvePlatformTarget({}, { ...env, password: undefined }))).toMatch(
      /CMW_PASSWORD is not set/,
    );
  });

  it('applies the URL policy to the URL the request names', () => {
    const strict = { ...env, allowedBaseUrls: ['https://allowed.example.com'] };
    expect(() =>
      resolvePlatformTarget(
        { baseUrl: 'https://other.example.com', username: 'a', password: 'b1234' },
        strict,
      ),
    ).toThrow(/allowlist/);
    expect(() =>
      resolvePlatformTarget({ baseUrl: 'http://169.254.169.254', username: 'a', password: 'b1234' }, env),
    ).toThrow(/metadata/);
    expect(resolvePlatformTarget({}, strict).baseUrl).toBe('https://cmw.example.com');
  });

  it('resolves only the base URL for links', () => {
    expect(resolvePlatformBaseUrl({}, { ...env, login: undefined, password: undefined })).toBe(
      'https://cmw.example.com',
    );
  });
});
