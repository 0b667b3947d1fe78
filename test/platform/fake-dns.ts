import type { LookupFunction } from 'node:net';

/**
 * A resolver with a fixed table, so DNS-level checks are tested without DNS traffic.
 * @param table - host name → addresses
 */
export function fakeDns(table: Record<string, string[]>): LookupFunction {
  return (hostname, _options, callback) => {
    const addresses = table[hostname];
    if (!addresses) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}
