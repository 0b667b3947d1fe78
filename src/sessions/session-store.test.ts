import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore } from './memory-session-store.js';
import type { SessionStore, StoredTurn } from './session-store.js';
import { SQLITE_FILE, SqliteSessionStore } from './sqlite-session-store.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cmw-store-'));

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

const open: SessionStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const stores: [string, () => SessionStore][] = [
  ['memory', () => new MemorySessionStore()],
  ['sqlite', () => new SqliteSessionStore(tempDir())],
];

describe.each(stores)('%s session store', (_name, make) => {
  const store = () => {
    const s = make();
    open.push(s);
    return s;
  };

  it('creates owned sessions and lists only the owner’s, most recently updated first', async () => {
    const s = store();
    await s.createSession({ id: 'a', ownerHash: 'o1', title: 'A', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.createSession({ id: 'b', ownerHash: 'o1', title: 'B', createdAt: '2026-01-02T00:00:00.000Z' });
    await s.createSession({ id: 'c', ownerHash: 'o2', title: 'C', createdAt: '2026-01-03T00:00:00.000Z' });
    await s.appendTurn('made-by-a-turn', turn('x'), 'gradio:open');
    expect((await s.listSessions('o1')).map((x) => x.id)).toEqual(['b', 'a']);
    await s.appendTurn('a', turn('t1'), 'o1');
    const list = await s.listSessions('o1');
    expect(list.map((x) => x.id)).toEqual(['a', 'b']);
    expect(list[0]).toMatchObject({ title: 'A', ownerHash: 'o1', turnCount: 1 });
    expect(await s.getSession('made-by-a-turn')).toMatchObject({
      ownerHash: 'gradio:open',
      title: undefined,
      turnCount: 1,
    });
    expect(await s.countSessions()).toBe(4);
  });

  it('keeps owner and title when turns are appended; stores usage and duration', async () => {
    const s = store();
    await s.createSession({ id: 'a', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15, costUsd: 0.001 };
    await s.appendTurn(
      'a',
      turn('t1', { usage, durationMs: 1234, model: 'm', errorCode: 'X', toolDurationsMs: { call_1: 42 } }),
      'o',
    );
    await s.appendTurn('a', turn('t2'), 'o');
    expect(await s.getSession('a')).toMatchObject({ ownerHash: 'o', title: 'T', turnCount: 2 });
    const turns = await s.getTurns('a');
    expect(turns.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(turns[0]).toMatchObject({
      usage,
      durationMs: 1234,
      model: 'm',
      errorCode: 'X',
      toolDurationsMs: { call_1: 42 },
    });
    expect(turns[1]!.usage).toBeUndefined();
    expect(turns[1]!.durationMs).toBeUndefined();
    expect(turns[1]!.toolDurationsMs).toBeUndefined();
  });

  it('renames and deletes (turns too)', async () => {
    const s = store();
    await s.createSession({ id: 'a', ownerHash: 'o', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' });
    await s.appendTurn('a', turn('t1'), 'o');
    expect(await s.renameSession('a', 'New')).toMatchObject({ id: 'a', title: 'New', turnCount: 1 });
    expect(await s.renameSession('nope', 'x')).toBeUndefined();
    expect(await s.deleteSession('a')).toBe(true);
    expect(await s.deleteSession('a')).toBe(false);
    expect(await s.getSession('a')).toBeUndefined();
    expect(await s.getTurns('a')).toEqual([]);
    expect(await s.listSessions('o')).toEqual([]);
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
