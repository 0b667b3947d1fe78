import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask, postCall } from '../helpers/call-client.js';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { waitReady } from '../helpers/start-test-server.js';
import { freePort, ensureServerBuilt } from '../helpers/built-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres-test.js';

/**
 * A `kill -9` mid-run loses no question: the built server runs in its own process, is killed while the LLM's
 * answer hangs (one run streaming, one waiting in the queue), and started again on the same storage. Both
 * conversations then hold their question as an interrupted turn, which the next question's LLM request carries.
 * Once with SQLite, once with PostgreSQL (a database of its own on TEST_DATABASE_URL's server, dropped after).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/main.js');

let sim: LlmSimulator;
let database: TestDatabase;

beforeAll(async () => {
  ensureServerBuilt();
  sim = await startLlmSimulator({ chunkSize: 4 });
  database = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await database?.drop();
});

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

function start(env: Record<string, string>, output: string[]): Child {
  const child = spawn(process.execPath, [MAIN], {
    cwd: env.DATA_DIR,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { process: child, exited };
}

const stores: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({ SESSION_STORE: 'sqlite' })],
  ['postgres', () => ({ SESSION_STORE: 'postgres', DATABASE_URL: database.url })],
];

describe.each(stores)('kill -9 mid-run with %s', (_name, storeEnv) => {
  it('keeps the questions in flight as interrupted turns that the next question sees', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: sim.url,
      OPENAI_API_KEY: 'sk-crash-test-key',
      LLM_MAX_RETRIES: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-agent-crash-')),
      ...storeEnv(),
    };
    const output: string[] = [];
    let child = start(env, output);
    try {
      await waitReady(url, 20_000);
      const key = newClientKey();
      const question =
        'Which templates exist? [[sim:{"text":"There are three templates here.","hangAfterChunks":2}]]';
      const { run_id, session_id } = await startRun(url, key, { question, title: 'Templates' });
      // The answer has begun (two pieces, then the LLM hangs): the run is mid-flight.
      // The simulator's first two pieces of 4 characters, however many deltas they came in.
      const seen = await readEvents(url, key, run_id, {
        stopAfter: (_e, all) =>
          all
            .filter((x) => x.data.type === 'text-delta')
            .map((x) => String(x.data.text))
            .join('') === 'There ar',
      });
      expect(seen.events.at(-1)!.data.type).toBe('text-delta');
      // A second conversation's question waits in the queue (one run at a time) behind the first.
      const queued = await postCall(url, 'ask', {
        data: ['And the queued question?'],
        session_hash: 'crash-hash',
      });
      expect(queued.status).toBe(200);

      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');

      child = start(env, output);
      await waitReady(url, 20_000);
      expect(output.join('')).toMatch(/closed runs an earlier process left unfinished/);

      const session = await api(url, key, 'GET', `/api/sessions/${session_id}`);
      expect(session.status).toBe(200);
      expect(session.json).toMatchObject({ id: session_id, title: 'Templates' });
      expect(session.json.turns).toHaveLength(1);
      expect(session.json.turns[0]).toMatchObject({
        status: 'interrupted',
        question,
        error_code: 'SERVER_RESTARTED',
      });
      // Another client key still cannot see it.
      expect((await api(url, newClientKey(), 'GET', `/api/sessions/${session_id}`)).status).toBe(404);

      // The next question of each conversation reaches the model after the interrupted one.
      const next = await startRun(url, key, { question: 'Try again, please.', session_id });
      const ended = await readEvents(url, key, next.run_id);
      expect(ended.events.at(-1)?.data).toMatchObject({ type: 'run-end', status: 'completed' });
      const messages = JSON.stringify(sim.requests.at(-1)!.body.messages);
      expect(messages).toContain('Which templates exist?');
      expect(messages).toContain('[Response interrupted]');
      expect(messages).toContain('Try again, please.');

      const again = await ask(url, ['Once more?'], { sessionHash: 'crash-hash' });
      expect(again.final.event).toBe('complete');
      expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).toContain('And the queued question?');

      // Recovery ran once: a clean restart finds nothing to close and adds no turn.
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      output.length = 0;
      child = start(env, output);
      await waitReady(url, 20_000);
      expect(output.join('')).not.toMatch(/closed runs an earlier process left unfinished/);
      expect((await api(url, key, 'GET', `/api/sessions/${session_id}`)).json.turns).toHaveLength(2);
    } finally {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
  }, 90_000);
});

describe('PostgreSQL at start-up', () => {
  it('an unreachable database stops the start with one line naming its host, never the password (exit 2)', async () => {
    const output: string[] = [];
    const child = start(
      {
        PORT: String(await freePort()),
        SESSION_STORE: 'postgres',
        DATABASE_URL: 'postgres://agent:pg-s3cret-pw@127.0.0.1:1/agent',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-agent-crash-')),
      },
      output,
    );
    expect(await child.exited).toBe(2);
    const text = output.join('');
    expect(text).toMatch(
      /^Cannot use PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\): [^\n]*DATABASE_URL[^\n]*\n$/,
    );
    expect(text).not.toContain('pg-s3cret-pw');
  });

  it('SESSION_STORE=postgres without DATABASE_URL is a configuration error (exit 2)', async () => {
    const output: string[] = [];
    const child = start(
      { SESSION_STORE: 'postgres', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-agent-crash-')) },
      output,
    );
    expect(await child.exited).toBe(2);
    expect(output.join('')).toMatch(/DATABASE_URL: required with SESSION_STORE=postgres/);
  });
});
