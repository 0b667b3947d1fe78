import { describe, expect, it } from 'vitest';
import { hasUrlCredentials, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('hides every occurrence of each secret', () => {
    expect(redactSecrets('key sk-abc123 and sk-abc123', ['sk-abc123'])).toBe('key [redacted] and [redacted]');
  });
  it('hides the longest secret first, so one that contains another goes whole', () => {
    expect(
      redactSecrets('auth: Basic dTpwYXNzd29yZA==', ['dTpwYXNzd29yZA==', 'Basic dTpwYXNzd29yZA==']),
    ).toBe('auth: [redacted]');
  });
  it('hides credentials inside URLs', () => {
    expect(redactSecrets('GET http://bob:hunter2@host/x failed', [])).toBe(
      'GET http://[redacted]@host/x failed',
    );
    expect(hasUrlCredentials('see https://u:p@h/ and again')).toBe(true);
    expect(hasUrlCredentials('see https://u:p@h/ and again')).toBe(true);
    expect(hasUrlCredentials('see https://h/')).toBe(false);
  });
  it('ignores missing and very short values', () => {
    expect(redactSecrets('a b c', [undefined, '', 'a'])).toBe('a b c');
  });
});
