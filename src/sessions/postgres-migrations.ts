import type { PoolClient } from 'pg';

/** One step of the PostgreSQL schema. Applied steps are never edited: a change is a new step. */
export interface Migration {
  /** Applied in ascending order; recorded in `schema_migrations`. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The schema, step by step. Timestamps are `timestamptz`, JSON is `jsonb`. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions and turns',
    sql: `
CREATE TABLE sessions (
  id text PRIMARY KEY,
  -- Insertion order: breaks ties between equal updated_at values, as SQLite's rowid does.
  pos bigint GENERATED ALWAYS AS IDENTITY,
  owner_hash text,
  title text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_owner ON sessions (owner_hash, updated_at DESC, pos DESC);
CREATE TABLE turns (
  session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE ON UPDATE CASCADE,
  seq integer NOT NULL,
  id text NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'interrupted', 'failed')),
  question text NOT NULL,
  answer text NOT NULL,
  messages jsonb NOT NULL,
  error_code text,
  model text,
  usage jsonb,
  duration_ms integer,
  tool_durations jsonb,
  PRIMARY KEY (session_id, seq)
);`,
  },
  {
    version: 2,
    name: 'run records',
    sql: `
CREATE TABLE runs (
  id text PRIMARY KEY,
  session_id text,
  owner_hash text NOT NULL,
  question text NOT NULL,
  answer text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  instance_id text,
  lease_expires_at timestamptz
);
CREATE INDEX runs_running ON runs (started_at) WHERE status = 'running';
CREATE INDEX runs_by_session ON runs (session_id);`,
  },
  {
    version: 3,
    name: 'history summaries',
    sql: `
ALTER TABLE sessions ADD COLUMN summary text, ADD COLUMN summary_turns integer;`,
  },
  {
    version: 4,
    name: 'model fallbacks of a turn',
    sql: `
ALTER TABLE turns ADD COLUMN fallbacks jsonb;`,
  },
  {
    version: 5,
    name: 'a call held for confirmation',
    sql: `
ALTER TABLE sessions ADD COLUMN pending_call jsonb;`,
  },
  {
    version: 6,
    name: 'uploaded files',
    sql: `
CREATE TABLE files (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE ON UPDATE CASCADE,
  name text NOT NULL,
  size integer NOT NULL,
  media_type text NOT NULL,
  created_at timestamptz NOT NULL,
  bytes bytea NOT NULL
);
CREATE INDEX files_by_session ON files (session_id, created_at);`,
  },
];

/** Any constant unique to this application: the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK = 0x636d7761; // "cmwa"

/**
 * Brings the database up to the last of `migrations` in one transaction, under a transaction-scoped advisory lock:
 * instances starting at once wait for each other, and the second finds everything applied. Idempotent.
 * @returns the versions applied now (empty when the database was current)
 */
export async function migrate(
  client: PoolClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    const now: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      now.push(m.version);
    }
    await client.query('COMMIT');
    return now;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
