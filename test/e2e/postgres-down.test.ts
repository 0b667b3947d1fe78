import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { api, newClientKey } from '../helpers/native-client.js';
import { createTestDatabase, ADMIN_DATABASE_URL } from '../helpers/postgres-test.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

// Issue 10: with SESSION_STORE=postgres, PostgreSQL going away is answered as clearly as Redis going away: /readyz
// 503 with the reason (never the password), requests that need it a fast 503 BACKEND_UNAVAILABLE, and recovery by
// itself. The machine's PostgreSQL is shared with other tests, so the outage is a real network cut: a TCP proxy of
// the test's own between the server and PostgreSQL drops every connection and refuses new ones.

/** A TCP proxy to PostgreSQL that can cut the line and restore it. */
class CuttableProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #down = false;

  constructor(target: { host: string; port: number }) {
    this.#server = createServer((client) => {
      if (this.#down) {
        client.destroy();
        return;
      }
      const upstream = connect(target);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.#server.listen(0, '127.0.0.1', () => resolve((this.#server.address() as { port: number }).port)),
    );
  }

  cut(): void {
    this.#down = true;
    for (const s of this.#sockets) s.destroy();
  }

  restore(): void {
    this.#down = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

const PASSWORD = 'pg-secret-password-4217';
let sim: LlmSimulator;
let proxy: CuttableProxy;
let database: { name: string; drop(): Promise<void> };
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  database = await createTestDatabase('cmw_pgdown');
  const admin = new URL(ADMIN_DATABASE_URL);
  proxy = new CuttableProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
  const port = await proxy.listen();
  server = await startTestServer(
    simEnv(sim.url, {
      SESSION_STORE: 'postgres',
      // Trust auth ignores the password; it is here to prove it never reaches /readyz, an answer or the log.
      DATABASE_URL: `postgres://${admin.username || 'postgres'}:${PASSWORD}@127.0.0.1:${port}/${database.name}`,
    }),
  );
  await waitReady(server.url);
});
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await database?.drop();
  await sim?.close();
});

async function readyz(): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const r = await fetch(`${server.url}/readyz`);
  return { status: r.status, body: (await r.json()) as { status: string; reason?: string } };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL goes away and comes back', () => {
  it('is ready while PostgreSQL answers', async () => {
    expect((await readyz()).status).toBe(200);
    const key = newClientKey();
    expect((await api(server.url, key, 'POST', '/api/runs', { question: 'hello' })).status).toBe(202);
  });

  it('cut: /readyz says why, requests that need it get 503 BACKEND_UNAVAILABLE fast, no password anywhere', async () => {
    proxy.cut();
    const down = await until(readyz, (r) => r.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('backend_unavailable');
    expect(down.body.reason).toMatch(/PostgreSQL/);
    const started = Date.now();
    const refused = await api(server.url, newClientKey(), 'POST', '/api/runs', {
      question: 'during the outage',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error: { code: 'BACKEND_UNAVAILABLE' } });
    expect(JSON.stringify([down.body, refused.json])).not.toContain(PASSWORD);
  });

  it('restore: ready again by itself, and runs are taken', async () => {
    proxy.restore();
    const up = await until(readyz, (r) => r.status === 200);
    expect(up.status).toBe(200);
    const key = newClientKey();
    expect((await api(server.url, key, 'POST', '/api/runs', { question: 'after' })).status).toBe(202);
    expect(server.logText()).not.toContain(PASSWORD);
  });
});
