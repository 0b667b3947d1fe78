import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { postCall, readCallStream } from '../helpers/call-client.js';
import { waitReady } from '../helpers/start-test-server.js';
import { freePort, ensureServerBuilt, listFiles } from '../helpers/built-server.js';

/**
 * Issue 9, "Start-up failures are raw stack traces": the built server as a user starts it (`node dist/main.js`),
 * failing to start (one clear line on stderr, exit code 2) and stopping on Ctrl-C (it says what it waits for; a
 * second Ctrl-C exits at once with 130). Issue 8 item 6: the files it writes are its user's only.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/main.js');

/** A started `node dist/main.js` with what it printed. */
interface Child {
  readonly process: ChildProcess;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

function start(
  env: Record<string, string>,
  cwd = mkdtempSync(path.join(tmpdir(), 'cmw-agent-start-')),
): Child {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'info',
      SESSION_STORE: 'memory',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { process: child, stderr: () => stderr, exited };
}

/** Exit code and stderr of a start that must fail on its own. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = start(env);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  return { code, stderr: child.stderr() };
}

/** One line, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.endsWith('\n'), stderr).toBe(true);
  expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

async function waitFor(check: () => boolean, timeoutMs: number, poll?: () => Promise<void>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await poll?.();
    if (check()) return;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitHealthy(url: string): Promise<void> {
  let healthy = false;
  await waitFor(
    () => healthy,
    15_000,
    async () => {
      const r = await fetch(`${url}/healthz`).catch(() => undefined);
      await r?.arrayBuffer();
      healthy = r?.status === 200;
    },
  );
}

beforeAll(() => {
  ensureServerBuilt();
}, 120_000);

describe('a start that cannot succeed prints one clear line and exits with 2', () => {
  let taken: NetServer;
  let takenPort: number;
  beforeAll(async () => {
    takenPort = await freePort();
    taken = createServer();
    await new Promise<void>((r) => taken.listen(takenPort, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => taken.close(() => r())));

  it('port in use (EADDRINUSE)', async () => {
    const { code, stderr } = await failedStart({ PORT: String(takenPort) });
    expect(code).toBe(2);
    expectOneLine(stderr, /^Port \d+ on 127\.0\.0\.1 is already in use \(EADDRINUSE\): .*set PORT/);
  });

  it('DATA_DIR is a file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cmw-agent-start-')), 'data');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = await failedStart({ SESSION_STORE: 'sqlite', DATA_DIR: file, PORT: '0' });
    expect(code).toBe(2);
    expectOneLine(stderr, /^DATA_DIR \S+ is a file, not a folder: set DATA_DIR to a folder/);
  });

  it('DATA_DIR lies under a file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cmw-agent-start-')), 'data');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = await failedStart({
      SESSION_STORE: 'sqlite',
      DATA_DIR: path.join(file, 'history'),
      PORT: '0',
    });
    expect(code).toBe(2);
    expectOneLine(stderr, /^DATA_DIR \S+ cannot be used \(ENOTDIR\): part of the path is a file/);
  });

  it('the database is not a SQLite file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmw-agent-start-'));
    writeFileSync(path.join(dir, 'sessions.sqlite'), 'plain text, not a database. '.repeat(50));
    const { code, stderr } = await failedStart({ SESSION_STORE: 'sqlite', DATA_DIR: dir, PORT: '0' });
    expect(code).toBe(2);
    expectOneLine(stderr, /sessions\.sqlite cannot be opened as a SQLite database \(SQLITE_NOTADB/);
  });

  it('HOST that is not an address of this machine (EADDRNOTAVAIL)', async () => {
    const { code, stderr } = await failedStart({ HOST: '192.0.2.123', PORT: '0' });
    expect(code).toBe(2);
    expectOneLine(stderr, /^HOST 192\.0\.2\.123 is not an address of this machine \(EADDRNOTAVAIL\)/);
  });

  it('an invalid variable', async () => {
    const { code, stderr } = await failedStart({ PORT: 'abc' });
    expect(code).toBe(2);
    expectOneLine(stderr, /^Invalid configuration: PORT/);
  });
});

describe('a running server', () => {
  let sim: LlmSimulator;
  beforeAll(async () => {
    sim = await startLlmSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('keeps DATA_DIR 0700 and its files 0600, and stops on one Ctrl-C when idle', async () => {
    const port = await freePort();
    const work = mkdtempSync(path.join(tmpdir(), 'cmw-agent-start-'));
    const child = start({ PORT: String(port), SESSION_STORE: 'sqlite', DATA_DIR: './data' }, work);
    try {
      // No LLM is configured, so the server is up but not ready: wait for /healthz.
      await waitHealthy(`http://127.0.0.1:${port}`);
      expect(existsSync(path.join(work, 'data', 'sessions.sqlite-wal'))).toBe(true);
      expect(statSync(path.join(work, 'data')).mode & 0o777).toBe(0o700);
      for (const f of listFiles(path.join(work, 'data'))) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    } finally {
      child.process.kill('SIGINT');
    }
    const { code } = await child.exited;
    expect(code).toBe(0);
    expectOneLine(child.stderr(), /^Shutting down; press Ctrl-C again to exit now\.$/m);
  }, 30_000);

  it('says what shutdown waits for on Ctrl-C, and exits at once with 130 on the second', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = start({
      PORT: String(port),
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: sim.url,
      OPENAI_API_KEY: 'sk-start-test',
      LLM_MAX_RETRIES: '0',
    });
    try {
      await waitReady(url, 15_000);
      // An answer that would take 20 s.
      sim.script({ text: Array.from({ length: 20 }, (_, i) => `w${i} `), chunkDelayMs: 1000 });
      const post = await postCall(url, 'ask_stream', { data: ['a long answer'] });
      expect(post.status).toBe(200);
      const reader = new AbortController();
      let generating = false;
      void readCallStream(url, 'ask_stream', (post.json as { event_id: string }).event_id, {
        signal: reader.signal,
        onFrame: (f) => (generating ||= f.event === 'generating'),
      }).catch(() => undefined);
      await waitFor(() => generating, 10_000);

      child.process.kill('SIGINT');
      await waitFor(() => child.stderr().includes('\n'), 5000);
      expect(child.stderr()).toBe(
        'Shutting down: waiting for 1 run to finish (up to 10 s); press Ctrl-C again to exit now.\n',
      );
      const secondAt = Date.now();
      child.process.kill('SIGINT');
      const { code, at } = await child.exited;
      reader.abort();
      expect(code).toBe(130);
      // At once, not after the run (20 s) or the grace period (10 s).
      expect(at - secondAt).toBeLessThan(3000);
      expect(child.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      child.process.kill('SIGKILL');
      sim.reset();
    }
  }, 60_000);
});
