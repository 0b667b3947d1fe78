import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StartupError } from '../errors/startup-error.js';
import { DATA_DIR_MODE, restrictFile } from './prepare-data-dir.js';
import {
  RUN_RECORD_RETENTION_MS,
  type InterruptedRun,
  type RunEndStatus,
  type RunStart,
} from './run-record.js';
import type {
  HistorySummary,
  PendingCall,
  StoredFile,
  NewSession,
  SessionStore,
  SessionSummary,
  StoredTurn,
} from './session-store.js';
import {
  toInterruptedRun,
  toPendingCall,
  toStoredFile,
  toSummary,
  toSummaryOfHistory,
  toTurn,
} from './stored-rows.js';

/** The current schema, for a new database; {@link migrate} brings an older one up to it. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  owner_hash TEXT,
  title TEXT,
  summary TEXT,
  summary_turns INTEGER,
  pending_call TEXT
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
  usage TEXT,
  duration_ms INTEGER,
  tool_durations TEXT,
  fallbacks TEXT,
  PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS files_by_session ON files (session_id, created_at);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  session_id TEXT,
  owner_hash TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  instance_id TEXT,
  lease_expires_at TEXT
);
CREATE INDEX IF NOT EXISTS runs_running ON runs (started_at) WHERE status = 'running';
`;

/** Columns added after the first release: a database from then gets them with `ALTER TABLE … ADD COLUMN`. */
const ADDED_COLUMNS = [
  ['sessions', 'owner_hash', 'TEXT'],
  ['sessions', 'title', 'TEXT'],
  ['turns', 'usage', 'TEXT'],
  ['turns', 'duration_ms', 'INTEGER'],
  ['turns', 'tool_durations', 'TEXT'],
  ['turns', 'fallbacks', 'TEXT'],
  ['sessions', 'summary', 'TEXT'],
  ['sessions', 'summary_turns', 'INTEGER'],
  ['sessions', 'pending_call', 'TEXT'],
] as const;

const SUMMARY_COLUMNS = `s.id, s.title, s.owner_hash, s.created_at, s.updated_at,
  (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count`;

/** The file name of the history database inside `DATA_DIR`. */
export const SQLITE_FILE = 'sessions.sqlite';

/**
 * Opens (or creates) the database with its files 0600: SQLite creates the database file 0644 whatever the umask, and
 * the `-wal` and `-shm` files it makes later take the database file's mode, so the database is set to 0600 before
 * WAL is switched on, and journal files left by an earlier version are set too.
 */
function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    restrictFile(file);
    for (const journal of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) restrictFile(journal);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    if (!(error instanceof Database.SqliteError)) throw error;
    throw new StartupError(
      `${file} cannot be opened as a SQLite database (${error.code}: ${error.message}); move it away or set DATA_DIR to another folder.`,
      { cause: error },
    );
  }
}

/** Keeps history in a SQLite file in `DATA_DIR` (the default): survives restarts, needs no server. */
export class SqliteSessionStore implements SessionStore {
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[string]>;
  readonly #upsertSession: Database.Statement<[string, string, string, string]>;
  readonly #insertTurn: Database.Statement<unknown[]>;
  readonly #insertSession: Database.Statement<[string, string, string, string, string]>;
  readonly #getSession: Database.Statement<[string]>;
  readonly #listSessions: Database.Statement<[string]>;
  readonly #rename: Database.Statement<[string, string]>;
  readonly #deleteTurns: Database.Statement<[string]>;
  readonly #deleteSession: Database.Statement<[string]>;
  readonly #count: Database.Statement<[]>;

  /**
   * @param dataDir - folder for the database file; created (0700) when missing. The server prepares it first with
   *   `prepareDataDir`, which also checks and tightens an existing one.
   * @throws StartupError when the file cannot be opened as a database
   */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
    this.#db = openDatabase(path.join(dataDir, SQLITE_FILE));
    this.#select = this.#db.prepare(
      'SELECT id, created_at, status, question, answer, messages, error_code, model, usage, duration_ms, tool_durations, fallbacks FROM turns WHERE session_id = ? ORDER BY seq',
    );
    this.#upsertSession = this.#db.prepare(
      'INSERT INTO sessions (id, owner_hash, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at',
    );
    this.#insertTurn = this.#db.prepare(
      `INSERT INTO turns (session_id, seq, id, created_at, status, question, answer, messages, error_code, model, usage, duration_ms, tool_durations, fallbacks)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertSession = this.#db.prepare(
      'INSERT INTO sessions (id, owner_hash, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#getSession = this.#db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?`);
    this.#listSessions = this.#db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.owner_hash = ? ORDER BY s.updated_at DESC, s.rowid DESC`,
    );
    this.#rename = this.#db.prepare('UPDATE sessions SET title = ? WHERE id = ?');
    this.#deleteTurns = this.#db.prepare('DELETE FROM turns WHERE session_id = ?');
    this.#deleteSession = this.#db.prepare('DELETE FROM sessions WHERE id = ?');
    this.#count = this.#db.prepare('SELECT COUNT(*) AS n FROM sessions');
  }

  getHistorySummary(sessionId: string): Promise<HistorySummary | undefined> {
    const row = this.#db
      .prepare('SELECT summary, summary_turns FROM sessions WHERE id = ?')
      .get(sessionId) as { summary: string | null; summary_turns: number | null } | undefined;
    return Promise.resolve(toSummaryOfHistory(row?.summary, row?.summary_turns));
  }

  setHistorySummary(sessionId: string, summary: HistorySummary): Promise<void> {
    this.#db
      .prepare('UPDATE sessions SET summary = ?, summary_turns = ? WHERE id = ?')
      .run(summary.text, summary.turns, sessionId);
    return Promise.resolve();
  }

  addFile(file: StoredFile, bytes: Buffer, maxPerSession: number): Promise<boolean> {
    const added = this.#db.transaction(() => {
      const { n } = this.#db
        .prepare('SELECT COUNT(*) AS n FROM files WHERE session_id = ?')
        .get(file.sessionId) as {
        n: number;
      };
      if (n >= maxPerSession) return false;
      this.#db
        .prepare(
          'INSERT INTO files (id, session_id, name, size, media_type, created_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(file.id, file.sessionId, file.name, file.size, file.mediaType, file.createdAt, bytes);
      return true;
    })();
    return Promise.resolve(added);
  }

  listFiles(sessionId: string): Promise<StoredFile[]> {
    const rows = this.#db
      .prepare(
        'SELECT id, session_id, name, size, media_type, created_at FROM files WHERE session_id = ? ORDER BY created_at, rowid',
      )
      .all(sessionId);
    return Promise.resolve(rows.map(toStoredFile));
  }

  getFile(fileId: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined> {
    const row = this.#db
      .prepare('SELECT id, session_id, name, size, media_type, created_at, bytes FROM files WHERE id = ?')
      .get(fileId) as { bytes: Buffer } | undefined;
    return Promise.resolve(row && { file: toStoredFile(row), bytes: Buffer.from(row.bytes) });
  }

  deleteFile(fileId: string): Promise<boolean> {
    return Promise.resolve(this.#db.prepare('DELETE FROM files WHERE id = ?').run(fileId).changes > 0);
  }

  getPendingCall(sessionId: string): Promise<PendingCall | undefined> {
    const row = this.#db.prepare('SELECT pending_call FROM sessions WHERE id = ?').get(sessionId) as
      { pending_call: string | null } | undefined;
    return Promise.resolve(toPendingCall(row?.pending_call));
  }

  setPendingCall(sessionId: string, call: PendingCall | undefined): Promise<void> {
    this.#db
      .prepare('UPDATE sessions SET pending_call = ? WHERE id = ?')
      .run(call ? JSON.stringify(call) : null, sessionId);
    return Promise.resolve();
  }

  getTurns(sessionId: string): Promise<StoredTurn[]> {
    const turns = this.#select.all(sessionId).map(toTurn);
    return Promise.resolve(turns);
  }

  appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string, runId?: string): Promise<void> {
    this.#db.transaction(() => {
      this.#appendTurn(sessionId, turn, ownerHash);
      if (runId !== undefined) this.#endRun(runId, turn.status === 'completed' ? 'completed' : 'failed');
    })();
    return Promise.resolve();
  }

  /** Appends a turn; the caller holds a transaction. */
  #appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string): void {
    const now = new Date().toISOString();
    this.#upsertSession.run(sessionId, ownerHash, turn.createdAt, now);
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
      turn.usage ? JSON.stringify(turn.usage) : null,
      turn.durationMs ?? null,
      turn.toolDurationsMs ? JSON.stringify(turn.toolDurationsMs) : null,
      turn.fallbacks ? JSON.stringify(turn.fallbacks) : null,
    );
  }

  createSession(session: NewSession): Promise<SessionSummary> {
    try {
      this.#insertSession.run(
        session.id,
        session.ownerHash,
        session.title,
        session.createdAt,
        session.createdAt,
      );
    } catch (error) {
      // A taken id rejects, as in every store, rather than throwing before a promise exists.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve({
      id: session.id,
      title: session.title,
      ownerHash: session.ownerHash,
      createdAt: session.createdAt,
      updatedAt: session.createdAt,
      turnCount: 0,
    });
  }

  getSession(sessionId: string): Promise<SessionSummary | undefined> {
    const raw = this.#getSession.get(sessionId);
    return Promise.resolve(raw === undefined ? undefined : toSummary(raw));
  }

  listSessions(ownerHash: string): Promise<SessionSummary[]> {
    return Promise.resolve(this.#listSessions.all(ownerHash).map(toSummary));
  }

  renameSession(sessionId: string, title: string): Promise<SessionSummary | undefined> {
    if (this.#rename.run(title, sessionId).changes === 0) return Promise.resolve(undefined);
    return this.getSession(sessionId);
  }

  adoptLegacySession(legacyId: string, sessionId: string, ownerHash: string): Promise<boolean> {
    const moved = this.#db.transaction(() => {
      const copied = this.#db
        .prepare(
          `INSERT INTO sessions (id, owner_hash, title, created_at, updated_at)
           SELECT ?, ?, title, created_at, updated_at FROM sessions
           WHERE id = ? AND owner_hash IS NULL AND NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?)`,
        )
        .run(sessionId, ownerHash, legacyId, sessionId);
      if (copied.changes === 0) return false;
      this.#db.prepare('UPDATE turns SET session_id = ? WHERE session_id = ?').run(sessionId, legacyId);
      this.#deleteSession.run(legacyId);
      return true;
    })();
    return Promise.resolve(moved);
  }

  deleteSession(sessionId: string): Promise<boolean> {
    // The foreign key cascades, but only where `foreign_keys` is on: delete the turns explicitly.
    const deleted = this.#db.transaction(() => {
      this.#deleteTurns.run(sessionId);
      this.#db.prepare('DELETE FROM files WHERE session_id = ?').run(sessionId);
      // A run of a deleted conversation must not bring it back as an interrupted turn.
      this.#db.prepare('DELETE FROM runs WHERE session_id = ?').run(sessionId);
      return this.#deleteSession.run(sessionId).changes > 0;
    })();
    return Promise.resolve(deleted);
  }

  countSessions(): Promise<number> {
    const r = this.#count.get() as { n: number };
    return Promise.resolve(r.n);
  }

  recordRunStart(run: RunStart): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO runs (id, session_id, owner_hash, question, status, started_at, instance_id, lease_expires_at)
         VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
      )
      .run(
        run.runId,
        run.sessionId ?? null,
        run.ownerHash,
        run.question,
        run.startedAt,
        run.instanceId ?? null,
        run.leaseExpiresAt ?? null,
      );
    return Promise.resolve();
  }

  recordRunEnd(runId: string, status: RunEndStatus): Promise<void> {
    this.#endRun(runId, status);
    return Promise.resolve();
  }

  #endRun(runId: string, status: RunEndStatus): void {
    this.#db
      .prepare('UPDATE runs SET status = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?')
      .run(status, new Date().toISOString(), runId);
  }

  renewRunLeases(instanceId: string, until: string): Promise<void> {
    this.#db
      .prepare("UPDATE runs SET lease_expires_at = ? WHERE instance_id = ? AND status = 'running'")
      .run(until, instanceId);
    return Promise.resolve();
  }

  interruptRuns(now: string, toTurn: (run: InterruptedRun) => StoredTurn): Promise<InterruptedRun[]> {
    const closed = this.#db
      .transaction(() => {
        this.#db
          .prepare("DELETE FROM runs WHERE status <> 'running' AND ended_at < ?")
          .run(new Date(Date.parse(now) - RUN_RECORD_RETENTION_MS).toISOString());
        const rows = this.#db
          .prepare(
            `SELECT id, session_id, owner_hash, question, answer, started_at, instance_id, lease_expires_at FROM runs
           WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY started_at, rowid`,
          )
          .all(now);
        const close = this.#db.prepare("UPDATE runs SET status = 'interrupted', ended_at = ? WHERE id = ?");
        return rows.map((raw) => {
          const run = toInterruptedRun(raw);
          close.run(now, run.runId);
          if (run.sessionId !== undefined) this.#appendTurn(run.sessionId, toTurn(run), run.ownerHash);
          return run;
        });
      })
      .immediate();
    return Promise.resolve(closed);
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}

/**
 * Brings a database written by an older version up to {@link SCHEMA}: adds each missing column (existing rows get
 * NULL, which every reader treats as "not recorded"), then the indexes that need them. Idempotent; runs under an
 * immediate transaction so two processes opening one file do not both alter it.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    for (const [table, column, type] of ADDED_COLUMNS) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column))
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
    db.exec('CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions (owner_hash, updated_at)');
  }).immediate();
}
