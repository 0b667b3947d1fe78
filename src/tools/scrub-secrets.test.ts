import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub-secrets.js';

describe('scrubSecrets', () => {
  it('replaces secrets anywhere in a value, keys included', () => {
    const out = scrubSecrets({ a: ['x hunter22 y'], hunter22: { b: 'https://u:p4ss@host/x' }, n: 1 }, [
      'hunter22',
    ]);
    expect(out.value).toEqual({
      a: ['x [redacted] y'],
      '[redacted]': { b: 'https://[redacted]@host/x' },
      n: 1,
    });
    expect(out.text).toBe(JSON.stringify(out.value));
  });

  it('finds secrets that JSON escapes', () => {
    expect(scrubSecrets({ e: 'pa"ss\\word!' }, ['pa"ss\\word!']).value).toEqual({ e: '[redacted]' });
  });

  it('returns the same object when there is nothing to hide', () => {
    const value = { a: 'b' };
    const out = scrubSecrets(value, ['hunter22']);
    expect(out.value).toBe(value);
    expect(out.text).toBe('{"a":"b"}');
  });
});
