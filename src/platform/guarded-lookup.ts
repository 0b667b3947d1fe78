import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isBlockedIp } from './blocked-address.js';

/** Raised inside a connect when a host name resolves to a link-local or metadata address; no socket is opened. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  /** Stable code, so the error survives being wrapped by the HTTP stack. */
  readonly code = 'ERR_PLATFORM_BLOCKED_ADDRESS';
  /** The host name that was looked up. */
  readonly hostname: string;
  /** The blocked address it resolved to. */
  readonly address: string;

  constructor(hostname: string, address: string) {
    super(
      `${hostname} resolves to ${address}, a link-local or cloud metadata address; it is never contacted.`,
    );
    this.hostname = hostname;
    this.address = address;
  }
}

/**
 * Wraps a DNS lookup so that a host name resolving to a link-local or cloud metadata address fails the connect
 * before a socket exists. Every address of the answer is checked (a mixed answer is refused as a whole), and the
 * socket connects only to the addresses that were checked, so a second, different DNS answer cannot slip in.
 * @param base - the real resolver; defaults to `dns.lookup` (tests inject a fake one)
 */
export function createGuardedLookup(base: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, result) => {
      if (error) {
        callback(error, '', undefined);
        return;
      }
      const addresses: LookupAddress[] =
        typeof result === 'string' ? [{ address: result, family: result.includes(':') ? 6 : 4 }] : result;
      const blocked = addresses.find((a) => isBlockedIp(a.address));
      if (blocked) {
        callback(new BlockedAddressError(hostname, blocked.address), '', undefined);
        return;
      }
      if (options.all) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(
          Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          undefined,
        );
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
