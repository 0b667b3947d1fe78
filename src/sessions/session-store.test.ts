import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../errors/startup-error.js';
import { MemorySessionStore } from './memory-session-store.js';
import { MIGRATIONS } from './postgres-migrations.js';
import { PostgresSessionStore } from './postgres-session-store.js';
import { RUN_RECORD_RETENTION_MS, type InterruptedRun } from './run-record.js';
import type { SessionStore, StoredTurn } from './session-store.js';
import { SQLITE_FILE, SqliteSessionStore } from './sqlite-session-store.js';
import {
  ADMIN_DATABASE_URL,
  createTestDatabase,
  type TestDatabase,
} from '../../test/helpers/postgres-test.js';

/**
 * The conformance suite every session store passes (LangGraph's checkpointer-validation pattern): the same
 * assertions for memory, SQLite and PostgreSQL. PostgreSQL tests make their own databases on the server that
 * TEST_DATABASE_URL names (a trust-auth local server by default) and drop them afterwards.
 */

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cmw-store-'));

const databases: TestDatabase[] = [];
/** A new, empty database; its URL. */
async function createDatabase(): Promise<string> {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
}

afterAll(async () => {
  for (const database of databases.splice(0)) await database.drop();
});

/** Runs SQL on a test database with its own connection. */
async function sql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

const turn = (id: string, extra: Partial<StoredTurn> = {}): StoredTurn => ({
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'completed',
  question: `q-${id}`,
  answer: `a-${id}`,
  messages: [
    { role: 'user', content: `q-${id}` },
    { role: 'assistant', content: [{ type: 'text', text: `a-${id}` }] },
  ],
  ...extra,
});

/** What a restart stores for an interrupted run (the server's own is in runs/recover-interrupted-runs.ts). */
const restartTurn = (run: InterruptedRun): StoredTurn =>
  turn(`r-${run.runId}`, {
    createdAt: run.startedAt,
    status: 'interrupted',
    question: run.question,
    answer: run.answer,
    errorCode: 'SERVER_RESTARTED',
  });

const open: SessionStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** One implementation under test. */
interface StoreKind {
  /** A new, empty store. */
  make(): Promise<SessionStore>;
  /** Another store on the same storage (the next process); the memory store can only offer itself. */
  reopen(store: SessionStore): SessionStore;
  /** Writes an owner-less session as versions before owners did; absent where none can exist (memory). */
  seedLegacy?(store: SessionStore, id: string, t: StoredTurn): Promise<void>;
}

const sqliteDirs = new WeakMap<SessionStore, string>();
const pgUrls = new WeakMap<SessionStore, string>();

const kinds: [string, StoreKind][] = [
  ['memory', { make: () => Promise.resolve(new MemorySessionStore()), reopen: (s) => s }],
  [
    'sqlite',
    {
      make: () => {
        const dir = tempDir();
        const s = new SqliteSessionStore(dir);
        sqliteDirs.set(s, dir);
        return Promise.resolve(s);
      },
      reopen: (s) => new SqliteSessionStore(sqliteDirs.get(s)!),
      seedLegacy: (s, id, t) => {
        const db = new Database(path.join(sqliteDirs.get(s)!, SQLITE_FILE));
        db.prepare('INSERT INTO sessions (id, created_at, updated_at) VALUES (?, ?, ?)').run(
          id,
          t.createdAt,
          t.createdAt,
        );
        db.prepare(
          'INSERT INTO turns (session_id, seq, id, created_at, status, question, answer, messages) VALUES (?, 1, ?, ?, ?, ?, ?, ?)',
        ).run(id, t.id, t.createdAt, t.status, t.question, t.answer, JSON.stringify(t.messages));
        db.close();
        return Promise.resolve();
      },
    },
  ],
  [
    'postgres',
    {
      make: async () => {
        const url = await createDatabase();
        const s = new PostgresSessionStore({ url, poolMax: 3 });
        pgUrls.set(s, url);
        return s;
      },
      reopen: (s) => {
        const url = pgUrls.get(s)!;
        const again = new PostgresSessionStore({ url, poolMax: 3 });
        pgUrls.set(again, url);
        return again;
      },
      seedLegacy: async (s, id, t) => {
        await s.countSessions(); // migrated
        const url = pgUrls.get(s)!;
        await sql(url, 'INSERT INTO sessions (id, created_at, updated_at) VALUES ($1, $2, $2)', [
          id,
          t.createdAt,
        ]);
        await sql(
          url,
          'INSERT INTO turns (session_id, seq, id, created_at, status, question, answer, messages) VALUES ($1, 1, $2, $3, $4, $5, $6, $7)',
          [id, t.id, t.createdAt, t.status, t.question, t.answer, JSON.stringify(t.messages)],
        );
      },
    },
  ],
];

describe.each(kinds)('%s session store', (_name, kind) => {
  const store = async () => {
    const s = await kind.make();
    open.push(s);
    return s;
  };
  const reopen = (s: SessionStore) => {
    const again = kind.reopen(s);
    if (again !== s) open.push(again);
    return again;
  };

  it('creates owned sessions and lists only the owner’s, most recently updated first', async () => {
    const s = await store();
    await s.createSession({ id: 'a', ownerHash: 'o1', title: 'A', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.createSession({ id: 'b', ownerHash: 'o1', title: 'B', createdAt: '2026-01-02T00:00:00.000Z' });
    await s.createSession({ id: 'c', ownerHash: 'o2', title: 'C', createdAt: '2026-01-03T00:00:00.000Z' });
    await s.appendTurn('made-by-a-turn', turn('x'), 'gradio:open');
    expect((await s.listSessions('o1')).map((x) => x.id)).toEqual(['b', 'a']);
    await s.appendTurn('a', turn('t1'), 'o1');
    const list = await s.listSessions('o1');
    expect(list.map((x) => x.id)).toEqual(['a', 'b']);
    expect(list[0]).toMatchObject({ title: 'A', ownerHash: 'o1', turnCount: 1 });
    expect(list[1]).toEqual({
      id: 'b',
      title: 'B',
      ownerHash: 'o1',
      createdAt: '2026-01-02T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      turnCount: 0,
    });
    expect(await s.getSession('made-by-a-turn')).toMatchObject({
      ownerHash: 'gradio:open',
      title: undefined,
      turnCount: 1,
    });
    expect(await s.getSession('nope')).toBeUndefined();
    expect(await s.countSessions()).toBe(4);
    await expect(
      s.createSession({ id: 'a', ownerHash: 'o9', title: 'dup', createdAt: '2026-01-01T00:00:00.000Z' }),
    ).rejects.toThrow();
    expect(await s.getSession('a')).toMatchObject({ ownerHash: 'o1', title: 'A' });
  });

  it('keeps owner and title when turns are appended; stores usage and duration', async () => {
    const s = await store();
    await s.createSession({ id: 'a', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15, costUsd: 0.001 };
    await s.appendTurn(
      'a',
      turn('t1', { usage, durationMs: 1234, model: 'm', errorCode: 'X', toolDurationsMs: { call_1: 42 } }),
      'o',
    );
    // Another owner's append does not take the session over.
    await s.appendTurn('a', turn('t2'), 'someone-else');
    expect(await s.getSession('a')).toMatchObject({ ownerHash: 'o', title: 'T', turnCount: 2 });
    const turns = await s.getTurns('a');
    expect(turns.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(turns[0]).toEqual(
      turn('t1', { usage, durationMs: 1234, model: 'm', errorCode: 'X', toolDurationsMs: { call_1: 42 } }),
    );
    expect(turns[1]).toEqual(turn('t2'));
    expect(await s.getTurns('unknown')).toEqual([]);
  });

  it('stores a turn’s accounting whole: cached tokens, cost with its currency, costs by currency, context used', async () => {
    const s = await store();
    await s.createSession({ id: 'a', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    const rub = {
      inputTokens: 6100,
      outputTokens: 25,
      totalTokens: 6125,
      cachedInputTokens: 5000,
      cost: 0.42,
      currency: 'RUB',
      lastCallInputTokens: 3100,
      contextTokens: 131_072,
    };
    const mixed = {
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      costs: { RUB: 1.5, USD: 0.01 },
      costUsd: 0.01,
    };
    await s.appendTurn('a', turn('t1', { usage: rub }), 'o');
    await s.appendTurn('a', turn('t2', { usage: mixed }), 'o');
    expect((await s.getTurns('a')).map((t) => t.usage)).toEqual([rub, mixed]);
  });

  it('renames and deletes (turns too)', async () => {
    const s = await store();
    await s.createSession({ id: 'a', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.appendTurn('a', turn('t1'), 'o');
    expect(await s.renameSession('a', 'New')).toMatchObject({ id: 'a', title: 'New', turnCount: 1 });
    expect(await s.renameSession('nope', 'x')).toBeUndefined();
    expect(await s.deleteSession('a')).toBe(true);
    expect(await s.deleteSession('a')).toBe(false);
    expect(await s.getSession('a')).toBeUndefined();
    expect(await s.getTurns('a')).toEqual([]);
    expect(await s.listSessions('o')).toEqual([]);
    // A session of the same id starts empty.
    await s.appendTurn('a', turn('t2'), 'o');
    expect((await s.getTurns('a')).map((t) => t.id)).toEqual(['t2']);
  });

  it('keeps the summary of a session’s oldest turns, replaced by the next one, across a reopen, gone with the session', async () => {
    const s = await store();
    expect(await s.getHistorySummary('a')).toBeUndefined();
    await s.setHistorySummary('a', { text: 'unknown session', turns: 1 });
    expect(await s.getHistorySummary('a')).toBeUndefined();
    await s.appendTurn('a', turn('t1'), 'o');
    await s.setHistorySummary('a', { text: 'Первый итог', turns: 2 });
    await s.setHistorySummary('a', { text: 'The user works on HR; Employees got a Mobile field.', turns: 3 });
    const again = reopen(s);
    expect(await again.getHistorySummary('a')).toEqual({
      text: 'The user works on HR; Employees got a Mobile field.',
      turns: 3,
    });
    await again.deleteSession('a');
    await again.appendTurn('a', turn('t2'), 'o');
    expect(await again.getHistorySummary('a')).toBeUndefined();
  });

  it('keeps uploaded files per session up to a limit, by id with their bytes, gone with the session', async () => {
    const s = await store();
    await s.appendTurn('a', turn('t1'), 'o');
    const file = (id: string, name: string) => ({
      id,
      sessionId: 'a',
      name,
      size: 5,
      mediaType: 'text/csv',
      createdAt: `2026-12-05T10:00:0${id.slice(-1)}.000Z`,
    });
    expect(await s.addFile(file('f1', 'сотрудники.csv'), Buffer.from('a;b\n'), 2)).toBe(true);
    expect(await s.addFile(file('f2', 'b.csv'), Buffer.from([0, 255, 1]), 2)).toBe(true);
    expect(await s.addFile(file('f3', 'c.csv'), Buffer.from('x'), 2)).toBe(false);
    const again = reopen(s);
    expect((await again.listFiles('a')).map((f) => [f.id, f.name])).toEqual([
      ['f1', 'сотрудники.csv'],
      ['f2', 'b.csv'],
    ]);
    const got = await again.getFile('f2');
    expect(got?.file).toMatchObject({ sessionId: 'a', mediaType: 'text/csv', size: 5 });
    expect([...got!.bytes]).toEqual([0, 255, 1]);
    expect(await again.deleteFile('f2')).toBe(true);
    expect(await again.deleteFile('f2')).toBe(false);
    await again.deleteSession('a');
    expect(await again.getFile('f1')).toBeUndefined();
    expect(await again.listFiles('a')).toEqual([]);
  });

  it('keeps a call held for confirmation across a reopen, cleared on demand, gone with the session', async () => {
    const s = await store();
    const held = {
      toolName: 'delete_attribute',
      input: { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Телефон' },
      createdAt: '2026-12-05T10:00:00.000Z',
    };
    await s.setPendingCall('a', held);
    expect(await s.getPendingCall('a')).toBeUndefined();
    await s.appendTurn('a', turn('t1'), 'o');
    await s.setPendingCall('a', held);
    const again = reopen(s);
    expect(await again.getPendingCall('a')).toEqual(held);
    await again.setPendingCall('a', undefined);
    expect(await again.getPendingCall('a')).toBeUndefined();
    await again.setPendingCall('a', held);
    await again.deleteSession('a');
    await again.appendTurn('a', turn('t2'), 'o');
    expect(await again.getPendingCall('a')).toBeUndefined();
  });

  it('adopts only owner-less sessions, and never over an existing one', async () => {
    const s = await store();
    await s.createSession({ id: 'owned', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(await s.adoptLegacySession('owned', 'new', 'thief')).toBe(false);
    expect(await s.adoptLegacySession('unknown', 'new', 'o')).toBe(false);
    expect(await s.getSession('new')).toBeUndefined();
    expect(await s.getSession('owned')).toMatchObject({ ownerHash: 'o' });
    if (!kind.seedLegacy) return; // the memory store never holds a session from before owners
    await kind.seedLegacy(s, 'legacy', turn('old'));
    await kind.seedLegacy(s, 'legacy2', turn('old2'));
    expect(await s.getSession('legacy')).toMatchObject({ ownerHash: undefined, turnCount: 1 });
    expect(await s.adoptLegacySession('legacy2', 'owned', 'o')).toBe(false);
    expect(await s.adoptLegacySession('legacy', 'scoped', 'o2')).toBe(true);
    expect(await s.getSession('legacy')).toBeUndefined();
    expect(await s.getSession('scoped')).toMatchObject({ ownerHash: 'o2', turnCount: 1 });
    expect(await s.getTurns('scoped')).toEqual([turn('old')]);
    expect(await s.adoptLegacySession('legacy', 'scoped', 'o2')).toBe(false);
    await s.appendTurn('scoped', turn('next'), 'o2');
    expect((await s.getTurns('scoped')).map((t) => t.id)).toEqual(['old', 'next']);
  });

  it('stores any text, a NUL character included (PostgreSQL keeps U+FFFD in its place)', async () => {
    const s = await store();
    const odd = 'a\0b «ё» 😀 \u2028';
    await s.appendTurn('n', turn('t', { question: odd, messages: [{ role: 'user', content: odd }] }), 'o');
    const [t] = await s.getTurns('n');
    expect(t!.question).toMatch(/^a[\0\uFFFD]b «ё» 😀 \u2028$/);
    expect(JSON.stringify(t!.messages)).toMatch(/a(\\u0000|\uFFFD)b/);
  });

  it('closes the runs an earlier process left running, once, with a turn for each conversation', async () => {
    const s = await store();
    await s.createSession({ id: 's1', ownerHash: 'o1', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.appendTurn('s1', turn('before'), 'o1');
    const start = (runId: string, sessionId: string | undefined, at: string, extra = {}) =>
      s.recordRunStart({
        runId,
        sessionId,
        ownerHash: 'o1',
        question: `q-${runId}`,
        startedAt: at,
        ...extra,
      });
    await start('r2', 'fresh', '2026-02-01T00:00:02.000Z', { ownerHash: 'gradio:k' });
    await start('r1', 's1', '2026-02-01T00:00:01.000Z');
    await start('r3', undefined, '2026-02-01T00:00:03.000Z');
    await start('done', 's1', '2026-02-01T00:00:04.000Z');
    await s.recordRunEnd('done', 'completed');
    await start('saved', 's1', '2026-02-01T00:00:05.000Z');
    await s.appendTurn('s1', turn('saved'), 'o1', 'saved');
    await start('leased', 's1', '2026-02-01T00:00:06.000Z', {
      instanceId: 'i-1',
      leaseExpiresAt: '2026-02-01T00:10:00.000Z',
    });
    await s.recordRunEnd('never-started', 'failed');

    const next = reopen(s);
    const closed = await next.interruptRuns('2026-02-01T00:05:00.000Z', restartTurn);
    expect(closed).toEqual([
      {
        runId: 'r1',
        sessionId: 's1',
        ownerHash: 'o1',
        question: 'q-r1',
        answer: '',
        startedAt: '2026-02-01T00:00:01.000Z',
      },
      {
        runId: 'r2',
        sessionId: 'fresh',
        ownerHash: 'gradio:k',
        question: 'q-r2',
        answer: '',
        startedAt: '2026-02-01T00:00:02.000Z',
      },
      {
        runId: 'r3',
        sessionId: undefined,
        ownerHash: 'o1',
        question: 'q-r3',
        answer: '',
        startedAt: '2026-02-01T00:00:03.000Z',
      },
    ]);
    expect((await next.getTurns('s1')).map((t) => t.id)).toEqual(['before', 'saved', 'r-r1']);
    expect((await next.getTurns('s1'))[2]).toEqual(restartTurn(closed[0]!));
    expect(await next.getSession('s1')).toMatchObject({ ownerHash: 'o1', title: 'T', turnCount: 3 });
    expect(await next.getSession('fresh')).toMatchObject({
      ownerHash: 'gradio:k',
      title: undefined,
      turnCount: 1,
    });
    expect(await next.getTurns('fresh')).toEqual([restartTurn(closed[1]!)]);

    // Closed once; a run whose lease still holds stays until the lease expires.
    expect(await next.interruptRuns('2026-02-01T00:06:00.000Z', restartTurn)).toEqual([]);
    const late = await next.interruptRuns('2026-02-01T00:10:00.001Z', restartTurn);
    expect(late).toEqual([
      {
        runId: 'leased',
        sessionId: 's1',
        ownerHash: 'o1',
        question: 'q-leased',
        answer: '',
        startedAt: '2026-02-01T00:00:06.000Z',
        instanceId: 'i-1',
        leaseExpiresAt: '2026-02-01T00:10:00.000Z',
      },
    ]);
    expect(await next.getSession('s1')).toMatchObject({ turnCount: 4 });
  });

  it('closes each run once when two instances recover at the same time', async () => {
    const s = await store();
    for (let i = 0; i < 20; i++)
      await s.recordRunStart({
        runId: `r${i}`,
        sessionId: `s${i % 4}`,
        ownerHash: 'o',
        question: `q${i}`,
        startedAt: `2026-02-01T00:00:${String(i).padStart(2, '0')}.000Z`,
      });
    const a = reopen(s);
    const b = reopen(s);
    const now = '2026-02-01T01:00:00.000Z';
    const [x, y] = await Promise.all([a.interruptRuns(now, restartTurn), b.interruptRuns(now, restartTurn)]);
    expect([...x, ...y].map((r) => r.runId).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `r${i}`).sort(),
    );
    let turns = 0;
    for (let i = 0; i < 4; i++) turns += (await s.getTurns(`s${i}`)).length;
    expect(turns).toBe(20);
  });

  it('renews the leases of one instance’s running runs only: a live instance keeps its runs', async () => {
    const s = await store();
    const start = (runId: string, instanceId: string) =>
      s.recordRunStart({
        runId,
        sessionId: undefined,
        ownerHash: 'o',
        question: 'q',
        startedAt: '2026-02-01T00:00:00.000Z',
        instanceId,
        leaseExpiresAt: '2026-02-01T00:00:30.000Z',
      });
    await start('mine', 'i-a');
    await start('theirs', 'i-b');
    await s.renewRunLeases('i-a', '2026-02-01T00:02:00.000Z');
    const closed = await s.interruptRuns('2026-02-01T00:01:00.000Z', restartTurn);
    expect(closed.map((r) => r.runId)).toEqual(['theirs']);
    expect(await s.interruptRuns('2026-02-01T00:02:00.001Z', restartTurn)).toMatchObject([
      { runId: 'mine', leaseExpiresAt: '2026-02-01T00:02:00.000Z' },
    ]);
  });

  it('deletes finished run records after RUN_RECORD_RETENTION_MS (their ids can be recorded again)', async () => {
    const s = await store();
    const run = {
      runId: 'old',
      sessionId: 's',
      ownerHash: 'o',
      question: 'q',
      startedAt: new Date().toISOString(),
    };
    await s.recordRunStart(run);
    await s.recordRunEnd('old', 'completed');
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect(await s.interruptRuns(soon, restartTurn)).toEqual([]);
    const later = new Date(Date.now() + RUN_RECORD_RETENTION_MS + 60_000).toISOString();
    expect(await s.interruptRuns(later, restartTurn)).toEqual([]);
    await s.recordRunStart(run);
    expect(await s.interruptRuns(later, restartTurn)).toMatchObject([{ runId: 'old' }]);
  });

  it('forgets the runs of a deleted conversation: a restart does not bring it back', async () => {
    const s = await store();
    await s.createSession({ id: 'gone', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.recordRunStart({
      runId: 'r',
      sessionId: 'gone',
      ownerHash: 'o',
      question: 'q',
      startedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(await s.deleteSession('gone')).toBe(true);
    expect(await reopen(s).interruptRuns('2026-02-02T00:00:00.000Z', restartTurn)).toEqual([]);
    expect(await s.getSession('gone')).toBeUndefined();
    expect(await s.countSessions()).toBe(0);
  });
});

describe('PostgresSessionStore', () => {
  it('migrates once, under a lock, when several instances start on one database at the same time', async () => {
    const url = await createDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresSessionStore({ url, poolMax: 2 }));
    open.push(...stores);
    await Promise.all(stores.map((s) => s.open()));
    const applied = await sql(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(applied.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    await stores[0]!.appendTurn('s', turn('t'), 'o');
    // A later start finds the schema current and the data intact.
    const later = new PostgresSessionStore({ url });
    open.push(later);
    expect(await later.getTurns('s')).toEqual([turn('t')]);
    expect((await sql(url, 'SELECT count(*)::int AS n FROM schema_migrations')).rows[0]).toEqual({
      n: MIGRATIONS.length,
    });
    // JSON columns are jsonb, times timestamptz.
    const types = await sql(
      url,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'turns' AND column_name IN ('messages', 'usage', 'created_at') ORDER BY column_name",
    );
    expect(types.rows).toEqual([
      { column_name: 'created_at', data_type: 'timestamp with time zone' },
      { column_name: 'messages', data_type: 'jsonb' },
      { column_name: 'usage', data_type: 'jsonb' },
    ]);
  });

  it('fails to start with one line naming the host, never the password', async () => {
    const refused = new PostgresSessionStore({ url: 'postgres://agent:s3cr3t-pw@127.0.0.1:1/db' });
    open.push(refused);
    const error: unknown = await refused.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot use PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('\n');
    // Every other call reports the same, and tries again.
    await expect(refused.countSessions()).rejects.toBeInstanceOf(StartupError);

    const url = new URL(ADMIN_DATABASE_URL);
    url.pathname = `/cmw_test_missing_${randomBytes(4).toString('hex')}`;
    url.password = 's3cr3t-pw';
    const missing = new PostgresSessionStore({ url: url.toString() });
    open.push(missing);
    const m = ((await missing.open().catch((e: unknown) => e)) as Error).message;
    expect(m).toContain(`at ${url.hostname}:${url.port || '5432'} (3D000`);
    expect(m).not.toContain('s3cr3t');
  });
});

/** The schema as the first release wrote it, before owners, titles, usage and durations. */
const V1_SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  messages TEXT NOT NULL,
  error_code TEXT,
  model TEXT,
  PRIMARY KEY (session_id, seq)
);
`;

describe('SqliteSessionStore', () => {
  it('opens a database of the first schema, keeps its turns and adds the new columns', async () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, SQLITE_FILE));
    old.exec(V1_SCHEMA);
    old
      .prepare('INSERT INTO sessions VALUES (?, ?, ?)')
      .run('old', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
    old
      .prepare('INSERT INTO turns VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        'old',
        't0',
        '2025-01-01T00:00:00.000Z',
        'completed',
        'q',
        'a',
        JSON.stringify(turn('t0').messages),
        null,
        'm0',
      );
    old.close();

    const s = new SqliteSessionStore(dir);
    open.push(s);
    expect(await s.getTurns('old')).toEqual([
      { ...turn('t0'), createdAt: '2025-01-01T00:00:00.000Z', question: 'q', answer: 'a', model: 'm0' },
    ]);
    expect(await s.getSession('old')).toMatchObject({ ownerHash: undefined, title: undefined, turnCount: 1 });
    await s.appendTurn('old', turn('t1', { durationMs: 5 }), 'o');
    await s.createSession({ id: 'new', ownerHash: 'o', title: 'N', createdAt: '2026-01-01T00:00:00.000Z' });
    expect((await s.getTurns('old')).map((t) => t.durationMs)).toEqual([undefined, 5]);
    expect((await s.listSessions('o')).map((x) => x.id)).toEqual(['new']);
    await s.close();

    // Opening it again (migrated already) changes nothing.
    const again = new SqliteSessionStore(dir);
    open.push(again);
    expect((await again.getTurns('old')).length).toBe(2);
    expect(await again.getSession('new')).toMatchObject({ title: 'N', ownerHash: 'o' });
  });
});
