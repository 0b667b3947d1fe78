import pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import { StartupError } from '../errors/startup-error.js';
import { migrate } from './postgres-migrations.js';
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

/** Options of {@link PostgresSessionStore}. */
export interface PostgresSessionStoreOptions {
  /** `postgres://user:password@host:port/database`; never logged or shown. */
  readonly url: string;
  /** Most connections this instance opens. @default 10 */
  readonly poolMax?: number;
  /** Told about connections the pool lost while idle. */
  readonly logger?: Logger;
}

/** How long `/readyz` waits for PostgreSQL's answer. */
const PING_TIMEOUT_MS = 1500;

const SUMMARY_COLUMNS = `s.id, s.title, s.owner_hash, s.created_at, s.updated_at,
  (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id)::int AS turn_count`;

/**
 * Keeps history and run records in PostgreSQL (`SESSION_STORE=postgres`): several instances can share it. The
 * schema is migrated on first use (see `postgres-migrations.ts`); the server's start-up recovery is that first use,
 * so a database that cannot be reached stops the start with one line naming its host.
 */
export class PostgresSessionStore implements SessionStore {
  readonly #pool: pg.Pool;
  readonly #where: string;
  #opened: Promise<void> | undefined;
  /** Whether the database was ever reached: after that, losing it is BACKEND_UNAVAILABLE, not a start failure. */
  #everOpened = false;
  #closed = false;

  /** Connects lazily: nothing is opened until the first call. */
  constructor(options: PostgresSessionStoreOptions) {
    this.#where = hostOf(options.url);
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      // Fail a start (or a request) in seconds when the server is unreachable, rather than hang.
      connectionTimeoutMillis: 4_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      application_name: 'cmw-platform-agent',
    });
    // An idle connection the server dropped: the pool replaces it; unhandled, the event would end the process.
    this.#pool.on('error', (error) =>
      options.logger?.warn({ code: (error as NodeJS.ErrnoException).code }, 'PostgreSQL connection lost'),
    );
  }

  /**
   * Connects and migrates (once; again after a failure).
   * @throws StartupError naming the host (never the password) when the database cannot be used
   */
  open(): Promise<void> {
    this.#opened ??= this.#connect().catch((error: unknown) => {
      this.#opened = undefined;
      throw error;
    });
    return this.#opened;
  }

  async #connect(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.#pool.connect();
      await migrate(client);
      this.#everOpened = true;
    } catch (error) {
      throw new StartupError(
        `Cannot use PostgreSQL at ${this.#where} (${describe(error)}): check DATABASE_URL and that the server is running.`,
        { cause: error },
      );
    } finally {
      client?.release();
    }
  }

  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      await this.open();
      return await this.#pool.query<R>(sql, params.map(clean));
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  /**
   * Whether PostgreSQL answers a `SELECT 1` within {@link PING_TIMEOUT_MS} (`/readyz`). The pool's own connect
   * timeout is longer, so a probe does not wait for it.
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.#query('SELECT 1'), late]);
    } catch (error) {
      throw error instanceof AppError ? error : this.#unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A lost database after the start is BACKEND_UNAVAILABLE (503, retryable): the pool reconnects by itself. Before
   * the first successful start the StartupError stands (the process must not start); SQL errors pass through.
   */
  #unavailable(error: unknown): unknown {
    if (error instanceof StartupError && !this.#everOpened) return error;
    if (error instanceof pg.DatabaseError && !/^(08|57P)/u.test(error.code ?? '')) return error;
    if (error instanceof AppError) return error;
    return new AppError(
      'BACKEND_UNAVAILABLE',
      'PostgreSQL (DATABASE_URL) did not answer; try again shortly.',
      { cause: error },
    );
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      await this.open();
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#unavailable(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.#unavailable(error);
    } finally {
      client.release();
    }
  }

  async getHistorySummary(sessionId: string): Promise<HistorySummary | undefined> {
    const { rows } = await this.#query<{ summary: string | null; summary_turns: number | null }>(
      'SELECT summary, summary_turns FROM sessions WHERE id = $1',
      [sessionId],
    );
    return toSummaryOfHistory(rows[0]?.summary, rows[0]?.summary_turns);
  }

  async setHistorySummary(sessionId: string, summary: HistorySummary): Promise<void> {
    await this.#query('UPDATE sessions SET summary = $1, summary_turns = $2 WHERE id = $3', [
      summary.text,
      summary.turns,
      sessionId,
    ]);
  }

  addFile(file: StoredFile, bytes: Buffer, maxPerSession: number): Promise<boolean> {
    return this.#transaction(async (client) => {
      // The session's row, locked: two uploads to one session count one after the other.
      await client.query('SELECT id FROM sessions WHERE id = $1 FOR UPDATE', [file.sessionId]);
      const { rows } = await client.query<{ n: number }>(
        'SELECT COUNT(*)::int AS n FROM files WHERE session_id = $1',
        [file.sessionId],
      );
      if ((rows[0]?.n ?? 0) >= maxPerSession) return false;
      await client.query(
        'INSERT INTO files (id, session_id, name, size, media_type, created_at, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [file.id, file.sessionId, clean(file.name), file.size, file.mediaType, file.createdAt, bytes],
      );
      return true;
    });
  }

  async listFiles(sessionId: string): Promise<StoredFile[]> {
    const { rows } = await this.#query(
      'SELECT id, session_id, name, size, media_type, created_at FROM files WHERE session_id = $1 ORDER BY created_at, id',
      [sessionId],
    );
    return rows.map(toStoredFile);
  }

  async getFile(fileId: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined> {
    const { rows } = await this.#query<{ bytes: Buffer }>(
      'SELECT id, session_id, name, size, media_type, created_at, bytes FROM files WHERE id = $1',
      [fileId],
    );
    const row = rows[0];
    return row && { file: toStoredFile(row), bytes: row.bytes };
  }

  async deleteFile(fileId: string): Promise<boolean> {
    const result = await this.#query('DELETE FROM files WHERE id = $1', [fileId]);
    return (result.rowCount ?? 0) > 0;
  }

  async getPendingCall(sessionId: string): Promise<PendingCall | undefined> {
    const { rows } = await this.#query<{ pending_call: unknown }>(
      'SELECT pending_call FROM sessions WHERE id = $1',
      [sessionId],
    );
    return toPendingCall(rows[0]?.pending_call);
  }

  async setPendingCall(sessionId: string, call: PendingCall | undefined): Promise<void> {
    await this.#query('UPDATE sessions SET pending_call = $1 WHERE id = $2', [
      call ? JSON.stringify(call) : null,
      sessionId,
    ]);
  }

  async getTurns(sessionId: string): Promise<StoredTurn[]> {
    const { rows } = await this.#query(
      `SELECT id, created_at, status, question, answer, messages, error_code, model, usage, duration_ms, tool_durations,
         fallbacks
       FROM turns WHERE session_id = $1 ORDER BY seq`,
      [sessionId],
    );
    return rows.map(toTurn);
  }

  async appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string, runId?: string): Promise<void> {
    await this.#transaction(async (client) => {
      await appendTurn(client, sessionId, turn, ownerHash);
      if (runId !== undefined)
        await endRun(client, runId, turn.status === 'completed' ? 'completed' : 'failed');
    });
  }

  async createSession(session: NewSession): Promise<SessionSummary> {
    await this.#query(
      'INSERT INTO sessions (id, owner_hash, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
      [session.id, session.ownerHash, session.title, session.createdAt],
    );
    return {
      id: session.id,
      title: session.title,
      ownerHash: session.ownerHash,
      createdAt: session.createdAt,
      updatedAt: session.createdAt,
      turnCount: 0,
    };
  }

  async getSession(sessionId: string): Promise<SessionSummary | undefined> {
    const { rows } = await this.#query(`SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.id = $1`, [
      sessionId,
    ]);
    return rows[0] === undefined ? undefined : toSummary(rows[0]);
  }

  async listSessions(ownerHash: string): Promise<SessionSummary[]> {
    const { rows } = await this.#query(
      `SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.owner_hash = $1 ORDER BY s.updated_at DESC, s.pos DESC`,
      [ownerHash],
    );
    return rows.map(toSummary);
  }

  async renameSession(sessionId: string, title: string): Promise<SessionSummary | undefined> {
    const { rowCount } = await this.#query('UPDATE sessions SET title = $1 WHERE id = $2', [
      title,
      sessionId,
    ]);
    return rowCount === 0 ? undefined : this.getSession(sessionId);
  }

  adoptLegacySession(legacyId: string, sessionId: string, ownerHash: string): Promise<boolean> {
    return this.#transaction(async (client) => {
      const copied = await client.query(
        `INSERT INTO sessions (id, owner_hash, title, created_at, updated_at)
         SELECT $1, $2, title, created_at, updated_at FROM sessions WHERE id = $3 AND owner_hash IS NULL
         ON CONFLICT (id) DO NOTHING`,
        [sessionId, ownerHash, legacyId].map(clean),
      );
      if (copied.rowCount === 0) return false;
      await client.query(
        'UPDATE turns SET session_id = $1 WHERE session_id = $2',
        [sessionId, legacyId].map(clean),
      );
      await client.query('DELETE FROM sessions WHERE id = $1', [clean(legacyId)]);
      return true;
    });
  }

  deleteSession(sessionId: string): Promise<boolean> {
    return this.#transaction(async (client) => {
      // A run of a deleted conversation must not bring it back as an interrupted turn.
      await client.query('DELETE FROM runs WHERE session_id = $1', [clean(sessionId)]);
      // Turns go with the session (ON DELETE CASCADE).
      const deleted = await client.query('DELETE FROM sessions WHERE id = $1', [clean(sessionId)]);
      return (deleted.rowCount ?? 0) > 0;
    });
  }

  async countSessions(): Promise<number> {
    const { rows } = await this.#query<{ n: number }>('SELECT COUNT(*)::int AS n FROM sessions');
    return rows[0]?.n ?? 0;
  }

  async recordRunStart(run: RunStart): Promise<void> {
    await this.#query(
      `INSERT INTO runs (id, session_id, owner_hash, question, status, started_at, instance_id, lease_expires_at)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7)`,
      [
        run.runId,
        run.sessionId ?? null,
        run.ownerHash,
        run.question,
        run.startedAt,
        run.instanceId ?? null,
        run.leaseExpiresAt ?? null,
      ],
    );
  }

  async recordRunEnd(runId: string, status: RunEndStatus): Promise<void> {
    try {
      await this.open();
      await endRun(this.#pool, runId, status);
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  async renewRunLeases(instanceId: string, until: string): Promise<void> {
    await this.#query("UPDATE runs SET lease_expires_at = $1 WHERE instance_id = $2 AND status = 'running'", [
      until,
      instanceId,
    ]);
  }

  interruptRuns(now: string, toTurn: (run: InterruptedRun) => StoredTurn): Promise<InterruptedRun[]> {
    return this.#transaction(async (client) => {
      await client.query("DELETE FROM runs WHERE status <> 'running' AND ended_at < $1", [
        new Date(Date.parse(now) - RUN_RECORD_RETENTION_MS).toISOString(),
      ]);
      // Row locks make a second instance doing the same wait, then skip the rows this one closed.
      const { rows } = await client.query(
        `UPDATE runs SET status = 'interrupted', ended_at = $1
         WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < $1)
         RETURNING id, session_id, owner_hash, question, answer, started_at, instance_id, lease_expires_at`,
        [now],
      );
      const runs = rows
        .map(toInterruptedRun)
        .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
      for (const run of runs)
        if (run.sessionId !== undefined) await appendTurn(client, run.sessionId, toTurn(run), run.ownerHash);
      return runs;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/** Appends a turn inside the caller's transaction. */
async function appendTurn(
  client: pg.PoolClient,
  sessionId: string,
  turn: StoredTurn,
  ownerHash: string,
): Promise<void> {
  // The upsert locks the session's row, so concurrent appends to one session take their seq one after the other.
  await client.query(
    `INSERT INTO sessions (id, owner_hash, created_at, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
    [sessionId, ownerHash, turn.createdAt, new Date().toISOString()].map(clean),
  );
  await client.query(
    `INSERT INTO turns (session_id, seq, id, created_at, status, question, answer, messages, error_code, model, usage,
       duration_ms, tool_durations, fallbacks)
     VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = $1), $2, $3, $4, $5, $6, $7, $8,
       $9, $10, $11, $12, $13)`,
    [
      sessionId,
      turn.id,
      turn.createdAt,
      turn.status,
      turn.question,
      turn.answer,
      json(turn.messages),
      turn.errorCode ?? null,
      turn.model ?? null,
      turn.usage ? json(turn.usage) : null,
      turn.durationMs ?? null,
      turn.toolDurationsMs ? json(turn.toolDurationsMs) : null,
      turn.fallbacks ? json(turn.fallbacks) : null,
    ].map(clean),
  );
}

async function endRun(db: pg.Pool | pg.PoolClient, runId: string, status: RunEndStatus): Promise<void> {
  await db.query('UPDATE runs SET status = $1, ended_at = COALESCE(ended_at, now()) WHERE id = $2', [
    status,
    clean(runId),
  ]);
}

/** PostgreSQL text cannot hold U+0000 (SQLite can): it is stored as U+FFFD, in ids and JSON alike. */
function clean(value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\0', '\uFFFD') : value;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => clean(v));
}

/** `host:port` of a database URL, for messages: never the user or the password. */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** What went wrong, in a few words that hold no secret: an errno code, or PostgreSQL's SQLSTATE and message. */
function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined;
  const code =
    typeof e?.code === 'string' ? e.code : e?.errors?.find((x) => typeof x.code === 'string')?.code;
  if (error instanceof pg.DatabaseError) return `${error.code ?? 'error'}: ${error.message}`;
  if (typeof code === 'string') return code;
  return typeof e?.message === 'string' && /timeout/i.test(e.message)
    ? 'connection timed out'
    : 'connection failed';
}
