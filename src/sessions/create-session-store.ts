import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { MemorySessionStore } from './memory-session-store.js';
import { prepareDataDir } from './prepare-data-dir.js';
import type { SessionStore } from './session-store.js';

/**
 * Builds the store `SESSION_STORE` names. For SQLite, `DATA_DIR` is prepared first (0700, writable; see
 * {@link prepareDataDir}). Only the chosen store's driver is loaded (a process on SQLite never loads `pg`).
 * @param logger - told once when an existing `DATA_DIR` had to be (or could not be) tightened
 * @throws StartupError when `DATA_DIR` or the database cannot be used
 */
export async function createSessionStore(config: Config, logger?: Logger): Promise<SessionStore> {
  if (config.sessions.store === 'memory') return new MemorySessionStore();
  // Connects (and migrates) on first use: the server's start-up recovery.
  if (config.sessions.store === 'postgres' && config.sessions.databaseUrl !== undefined) {
    const { PostgresSessionStore } = await import('./postgres-session-store.js');
    return new PostgresSessionStore({
      url: config.sessions.databaseUrl,
      poolMax: config.sessions.databasePoolMax,
      ...(logger ? { logger } : {}),
    });
  }
  const note = prepareDataDir(config.sessions.dataDir);
  if (note) logger?.warn({ dataDir: config.sessions.dataDir }, note);
  const { SqliteSessionStore } = await import('./sqlite-session-store.js');
  return new SqliteSessionStore(config.sessions.dataDir);
}
