import type { Server } from 'node:http';
import { isIPv4, isIPv6, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/** How many connections the server keeps open. */
export interface ConnectionLimits {
  /** In all (`MAX_CONNECTIONS`); 0 means no limit. */
  readonly maxConnections: number;
  /** From one client address (`MAX_CONNECTIONS_PER_IP`); 0 means no limit. */
  readonly maxPerIp: number;
}

/** Refusals are logged at most this often (with their count), so a flood cannot flood the log. */
const LOG_EVERY_MS = 10_000;

/**
 * Caps open connections. A connection over a cap is closed as soon as it is accepted, before a byte of it is read:
 * no answer is written, because writing one would mean parsing the request the cap is there to avoid (the client
 * sees a reset; Node's own `maxConnections` behaves the same). Per address, IPv4 counts each address and IPv6 each
 * /64 (one subscriber's block, so rotating addresses within it does not help); loopback is not counted, because
 * a local client is almost always a reverse proxy carrying many users (the total cap still applies to it).
 * @param server - the Node server, before it listens
 * @param log - refusals are logged at warn level, at most once per 10 s with their count
 */
export function limitConnections(server: Server, limits: ConnectionLimits, log: FastifyBaseLogger): void {
  let refused = 0;
  let loggedAt = 0;
  const noteRefused = (reason: string, client: string | undefined) => {
    refused += 1;
    const now = Date.now();
    if (now - loggedAt < LOG_EVERY_MS) return;
    log.warn({ refused, reason, client }, `connection refused: ${reason}`);
    refused = 0;
    loggedAt = now;
  };
  if (limits.maxConnections > 0) {
    server.maxConnections = limits.maxConnections;
    server.on('drop', (data?: { remoteAddress?: string }) =>
      noteRefused('MAX_CONNECTIONS reached', data?.remoteAddress),
    );
  }
  if (limits.maxPerIp <= 0) return;
  const open = new Map<string, number>();
  // Before Node's HTTP listener, so a refused connection never reaches the HTTP parser.
  server.prependListener('connection', (socket: Socket) => {
    const key = connectionKey(socket.remoteAddress);
    if (key === undefined) return;
    const count = open.get(key) ?? 0;
    if (count >= limits.maxPerIp) {
      socket.destroy();
      noteRefused('MAX_CONNECTIONS_PER_IP reached', key);
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}

/**
 * The key a client address is counted under: an IPv4 address as it is (also when IPv4-mapped), the /64 prefix of
 * an IPv6 address, or undefined for loopback (and for a socket whose address is already gone).
 */
export function connectionKey(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  if (isIPv4(v4)) return v4.startsWith('127.') ? undefined : v4;
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return undefined;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, `::` expanded, a dotted IPv4 tail as two). */
function ipv6Groups(address: string): number[] {
  const bare = address.split('%')[0]!;
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [Number.parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const at = bare.indexOf('::');
  if (at < 0) return parse(bare);
  const head = parse(bare.slice(0, at));
  const tail = parse(bare.slice(at + 2));
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
