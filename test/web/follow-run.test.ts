import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api/api-client.js';
import { followRun } from '../../web/src/api/follow-run.js';

/**
 * The web chat's stream reader against a real HTTP server that drops the connection mid-run: it must resume with
 * `Last-Event-ID` and yield every event exactly once.
 */
let server: Server;
let base: string;
const seen: IncomingHttpHeaders[] = [];

const frame = (seq: number, type: string, data: object) =>
  `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ type, seq, ...data })}\n\n`;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (seen.length === 1) {
      // First connection: two events, then the connection breaks before run-end.
      res.write(frame(1, 'run-start', { model: 'm' }));
      res.write(frame(2, 'text-delta', { step: 1, text: 'Hel' }));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    // The reconnect: a server may repeat the last event; the reader must not yield it twice.
    res.write(': ping\n\n');
    res.write(frame(2, 'text-delta', { step: 1, text: 'Hel' }));
    res.write(frame(3, 'text-delta', { step: 1, text: 'lo' }));
    res.end(frame(4, 'run-end', { status: 'completed', text: 'Hello' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('followRun (web chat)', () => {
  it('resumes a dropped stream with Last-Event-ID, losing and repeating nothing', async () => {
    const api = new ApiClient({ clientKey: 'k'.repeat(43), base });
    const events = [];
    for await (const event of followRun(api, 'r1')) events.push(event);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', text: 'Hello' });
    expect(seen).toHaveLength(2);
    expect(seen[0]!['last-event-id']).toBeUndefined();
    expect(seen[1]!['last-event-id']).toBe('2');
    expect(seen[1]!['x-client-key']).toBe('k'.repeat(43));
  });
});
