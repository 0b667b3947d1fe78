import { describe, expect, it } from 'vitest';
import { ApiKeyChecker, bearerToken } from './bearer-auth.js';
import { isLoopbackHost } from './is-loopback-host.js';

describe('bearer auth', () => {
  it('reads the bearer token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('accepts exactly the configured keys', () => {
    const checker = new ApiKeyChecker(['key-one', 'key-two']);
    expect(checker.enabled).toBe(true);
    expect(checker.accepts('key-one')).toBe(true);
    expect(checker.accepts('key-two')).toBe(true);
    expect(checker.accepts('key-on')).toBe(false);
    expect(checker.accepts('key-one ')).toBe(false);
    expect(checker.accepts('')).toBe(false);
    expect(checker.accepts(undefined)).toBe(false);
  });

  it('admits everything when no key is configured', () => {
    const checker = new ApiKeyChecker([]);
    expect(checker.enabled).toBe(false);
    expect(checker.accepts(undefined)).toBe(true);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
