import { connect as netConnect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask } from '../helpers/call-client.js';
import { newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

/**
 * Issue 8 item 3: a client that stalls while sending is answered 408 and cut off, event streams (responses) are
 * never cut by it, and open connections are capped in all and per client address. Driven with raw sockets.
 */

/** A raw TCP connection and everything it received; `closed` resolves when the server closed it. */
interface Raw {
  readonly socket: Socket;
  received(): string;
  readonly closed: Promise<void>;
}

function openRaw(port: number, host = '127.0.0.1', localAddress?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host, ...(localAddress ? { localAddress } : {}) });
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    // A reset is one way a server closes; the test looks at what arrived and when.
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

const portOf = (url: string) => Number(new URL(url).port);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true when the promise settles within `ms`. */
const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

/** The JSON body of the first HTTP response in raw text. */
function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('REQUEST_TIMEOUT_S: receiving a request is timed, answering it is not', () => {
  let sim: LlmSimulator;
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    sim = await startLlmSimulator();
    server = await startTestServer(simEnv(sim.url, { REQUEST_TIMEOUT_S: '1', STREAM_HEARTBEAT_S: '0.2' }));
    port = portOf(server.url);
    await waitReady(server.url);
  });
  afterEach(() => sim.reset());
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });

  it('answers 408 REQUEST_TIMEOUT and closes a connection whose body stalls', async () => {
    const raw = await openRaw(port);
    const started = Date.now();
    raw.socket.write(
      'POST /call/ask_stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"data":',
    );
    expect(await settlesWithin(raw.closed, 5000)).toBe(true);
    const elapsed = Date.now() - started;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(raw.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(bodyOf(raw.received())).toEqual({
      error: { code: 'REQUEST_TIMEOUT', message: expect.stringContaining('REQUEST_TIMEOUT_S') },
    });
    // Not before the timeout; soon after it (Node checks four times a second at this setting).
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
  });

  it('closes a slowloris connection whose headers never end', async () => {
    const raw = await openRaw(port);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => {
      if (!raw.socket.destroyed) raw.socket.write(`X-Slow-${Date.now()}: 1\r\n`);
    }, 100);
    try {
      expect(await settlesWithin(raw.closed, 4000)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers bytes that are not HTTP with 400 MALFORMED_REQUEST in the error shape, and closes', async () => {
    const raw = await openRaw(port);
    raw.socket.write('HELLO THERE\r\n\r\n');
    expect(await settlesWithin(raw.closed, 2000)).toBe(true);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(raw.received())).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
  });

  it('answers headers over 16 KiB with 431 HEADERS_TOO_LARGE in the error shape, and closes', async () => {
    const raw = await openRaw(port);
    raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(await settlesWithin(raw.closed, 2000)).toBe(true);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(raw.received())).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('keeps an idle keep-alive connection longer than the request timeout, for the next request', async () => {
    const raw = await openRaw(port);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(2000);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(300);
    expect(raw.received().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(raw.socket.destroyed).toBe(false);
    raw.socket.destroy();
  });

  // Each stream below lasts about 2.5 s, well past the 1 s request timeout.
  const slowAnswer = () =>
    sim.script({ text: Array.from({ length: 25 }, (_, i) => `w${i} `), chunkDelayMs: 100 });
  const fullText = Array.from({ length: 25 }, (_, i) => `w${i} `).join('');

  it('streams a /call answer that lasts longer than the timeout to the end', async () => {
    slowAnswer();
    const started = Date.now();
    const { final } = await ask(server.url, ['slow please']);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(final.event).toBe('complete');
    expect(final.data).toEqual([fullText]);
  });

  it('streams an OpenAI-compatible answer (POST with a body, then a long response) to the end', async () => {
    slowAnswer();
    const started = Date.now();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sim-model',
        stream: true,
        messages: [{ role: 'user', content: 'slow' }],
      }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(text).toContain('w24');
  });

  it('streams native run events that last longer than the timeout to the end', async () => {
    slowAnswer();
    const key = newClientKey();
    const started = Date.now();
    const run = await startRun(server.url, key, { question: 'slow' });
    const { status, events } = await readEvents(server.url, key, run.run_id);
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(events.at(-1)!.data.type).toBe('run-end');
    expect(events.at(-1)!.data).toMatchObject({ status: 'completed' });
  });
});

describe('MAX_CONNECTIONS: open connections in all', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_CONNECTIONS: '3' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes connections over the cap at once, and accepts again when one ends', async () => {
    const port = portOf(server.url);
    const held = [await openRaw(port), await openRaw(port), await openRaw(port)];
    await sleep(100);
    const refused = await openRaw(port);
    refused.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await settlesWithin(refused.closed, 2000)).toBe(true);
    expect(refused.received()).toBe('');
    // The held ones still work.
    held[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(200);
    expect(held[0]!.received()).toMatch(/^HTTP\/1\.1 200 /);

    held[1]!.socket.destroy();
    await sleep(200);
    const again = await openRaw(port);
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await settlesWithin(again.closed, 2000)).toBe(true);
    expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const r of held) r.socket.destroy();
    expect(server.logText()).toContain('MAX_CONNECTIONS reached');
  });
});

/** An address of this machine that is not loopback (connections from it are counted per address). */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('MAX_CONNECTIONS_PER_IP: open connections from one client address', () => {
  it.skipIf(external === undefined)(
    'closes a client address over its cap, while other addresses and loopback go on',
    async () => {
      // One server on the external address (so the client address is counted), one on loopback (not counted).
      const outer = await startTestServer({ HOST: external!, MAX_CONNECTIONS_PER_IP: '2' });
      const local = await startTestServer({ MAX_CONNECTIONS_PER_IP: '2' });
      const opened: Raw[] = [];
      try {
        const port = portOf(outer.url);
        opened.push(await openRaw(port, external, external), await openRaw(port, external, external));
        await sleep(100);
        const refused = await openRaw(port, external, external);
        refused.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        expect(await settlesWithin(refused.closed, 2000)).toBe(true);
        expect(refused.received()).toBe('');
        expect(outer.logText()).toContain('MAX_CONNECTIONS_PER_IP reached');

        opened[0]!.socket.destroy();
        await sleep(200);
        const again = await openRaw(port, external, external);
        again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        expect(await settlesWithin(again.closed, 2000)).toBe(true);
        expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);

        // Loopback is a reverse proxy's address: five connections over a cap of two all work.
        const localPort = portOf(local.url);
        const many = await Promise.all(Array.from({ length: 5 }, () => openRaw(localPort)));
        opened.push(...many);
        for (const r of many) r.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        await sleep(300);
        for (const r of many) expect(r.received()).toMatch(/^HTTP\/1\.1 200 /);
      } finally {
        for (const r of opened) r.socket.destroy();
        await outer.close();
        await local.close();
      }
    },
  );
});
