import { isIP } from 'node:net';

/**
 * Whether a listen address only accepts connections from this machine: `localhost`, `127.0.0.0/8`, `::1`
 * (with or without brackets) and IPv4-mapped loopback. `0.0.0.0`, `::` and every other address are open.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
