import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientOwner, hashClientKey } from './client-key.js';
import { titleFrom } from './native-routes.js';

const request = (key: unknown) =>
  ({ headers: key === undefined ? {} : { 'x-client-key': key } }) as FastifyRequest;

describe('clientOwner', () => {
  it('is the sha256 of a well-formed key', () => {
    const key = 'a'.repeat(32);
    expect(clientOwner(request(key))).toBe(hashClientKey(key));
    expect(hashClientKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(clientOwner(request('A_-9'.repeat(32)))).toHaveLength(64);
  });

  it('refuses missing, short, long, repeated and odd keys with INVALID_CLIENT_KEY', () => {
    for (const key of [
      undefined,
      '',
      'a'.repeat(31),
      'a'.repeat(129),
      `${'a'.repeat(32)} `,
      ['a'.repeat(32)],
    ])
      expect(() => clientOwner(request(key)), JSON.stringify(key)).toThrow(
        expect.objectContaining({ code: 'INVALID_CLIENT_KEY' }),
      );
  });
});

describe('titleFrom', () => {
  it('keeps a short question whole, on one line', () => {
    expect(titleFrom('  How are\n you?  ')).toBe('How are you?');
  });

  it('cuts a long question at a word, within 60 characters, with an ellipsis', () => {
    const title = titleFrom('word '.repeat(40));
    expect(title.endsWith('word…')).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(60);
  });

  it('never splits a surrogate pair', () => {
    const title = titleFrom('😀'.repeat(100));
    expect([...title]).toHaveLength(60);
    expect(/\p{Cs}/u.test(title)).toBe(false);
  });
});
