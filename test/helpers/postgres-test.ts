import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use (`TEST_DATABASE_URL`, else the machine's local one with trust auth). */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement as the admin (CREATE / DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database a test made for itself. */
export interface TestDatabase {
  readonly name: string;
  /** Its URL on the admin server (same user and host). */
  readonly url: string;
  /** Drops it; connections still open are ended first. */
  drop(): Promise<void>;
}

/** A new, empty database of the test's own on {@link ADMIN_DATABASE_URL}'s server. */
export async function createTestDatabase(prefix = 'cmw_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
