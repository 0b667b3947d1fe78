import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeDns } from '../../test/platform/fake-dns.js';
import { BlockedAddressError, createGuardedLookup } from './guarded-lookup.js';

function lookup(
  fn: LookupFunction,
  host: string,
  all: boolean,
): Promise<{ error: Error | null; result: unknown }> {
  return new Promise((resolve) => {
    fn(host, { all }, (error, address, family) =>
      resolve({ error, result: all ? address : { address, family } }),
    );
  });
}

describe('createGuardedLookup', () => {
  const guarded = createGuardedLookup(
    fakeDns({
      'cmw.test': ['127.0.0.1'],
      'evil.test': ['169.254.169.254'],
      'mixed.test': ['127.0.0.1', 'fd00:ec2::254'],
      'v6.test': ['fe80::abcd'],
    }),
  );

  it('passes safe answers through in both callback forms', async () => {
    const all = await lookup(guarded, 'cmw.test', true);
    expect(all.error).toBeNull();
    expect(all.result as LookupAddress[]).toEqual([{ address: '127.0.0.1', family: 4 }]);
    const one = await lookup(guarded, 'cmw.test', false);
    expect(one.result).toEqual({ address: '127.0.0.1', family: 4 });
  });

  it.each(['evil.test', 'mixed.test', 'v6.test'])('refuses %s before any socket exists', async (host) => {
    for (const all of [true, false]) {
      const { error } = await lookup(guarded, host, all);
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as BlockedAddressError).hostname).toBe(host);
    }
  });

  it('passes resolver errors on', async () => {
    const { error } = await lookup(guarded, 'nowhere.test', false);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});
