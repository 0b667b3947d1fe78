import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('hides every occurrence of each secret', () => {
    expect(redactSecrets('key sk-abc123 and sk-abc123', ['sk-abc123'])).toBe('key [redacted] and [redacted]');
  });
  it('hides credentials inside URLs', () => {
    expect(redactSecrets('GET http://bob:hunter2@host/x failed', [])).toBe(
      'GET http://[redacted]@host/x failed',
    );
  });
  it('ignores missing and very short values', () => {
    expect(redactSecrets('a b c', [undefined, '', 'a'])).toBe('a b c');
  });
});
