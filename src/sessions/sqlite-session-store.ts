import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import type { SessionStore, StoredTurn } from './session-store.js';

const SCHEMA = `
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

const row = z.object({
  id: z.string(),
  created_at: z.string(),
  status: z.enum(['completed', 'interrupted', 'failed']),
  question: z.string(),
  answer: z.string(),
  messages: z.string(),
  error_code: z.string().nullable(),
  model: z.string().nullable(),
});

/** The file name of the history database inside `DATA_DIR`. */
export const SQLITE_FILE = 'sessions.sqlite';

/** Keeps history in a SQLite file in `DATA_DIR` (the default): survives restarts, needs no server. */
export class SqliteSessionStore implements SessionStore {
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[string]>;
  readonly #upsertSession: Database.Statement<[string, string, string]>;
  readonly #insertTurn: Database.Statement<unknown[]>;
  readonly #count: Database.Statement<[]>;

  /** @param dataDir - folder for the database file; created when missing */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(path.join(dataDir, SQLITE_FILE));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.exec(SCHEMA);
    this.#select = this.#db.prepare(
      'SELECT id, created_at, status, question, answer, messages, error_code, model FROM turns WHERE session_id = ? ORDER BY seq',
    );
    this.#upsertSession = this.#db.prepare(
      'INSERT INTO sessions (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at',
    );
    this.#insertTurn = this.#db.prepare(
      `INSERT INTO turns (session_id, seq, id, created_at, status, question, answer, messages, error_code, model)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#count = this.#db.prepare('SELECT COUNT(*) AS n FROM sessions');
  }

  getTurns(sessionId: string): Promise<StoredTurn[]> {
    const turns = this.#select.all(sessionId).map((raw) => {
      const r = row.parse(raw);
      const turn: StoredTurn = {
        id: r.id,
        createdAt: r.created_at,
        status: r.status,
        question: r.question,
        answer: r.answer,
        messages: JSON.parse(r.messages) as ModelMessage[],
        ...(r.error_code ? { errorCode: r.error_code } : {}),
        ...(r.model ? { model: r.model } : {}),
      };
      return turn;
    });
    return Promise.resolve(turns);
  }

  appendTurn(sessionId: string, turn: StoredTurn): Promise<void> {
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      this.#upsertSession.run(sessionId, turn.createdAt, now);
      this.#insertTurn.run(
        sessionId,
        sessionId,
        turn.id,
        turn.createdAt,
        turn.status,
        turn.question,
        turn.answer,
        JSON.stringify(turn.messages),
        turn.errorCode ?? null,
        turn.model ?? null,
      );
    })();
    return Promise.resolve();
  }

  countSessions(): Promise<number> {
    const r = this.#count.get() as { n: number };
    return Promise.resolve(r.n);
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}
