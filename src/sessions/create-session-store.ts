import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { MemorySessionStore } from './memory-session-store.js';
import { PostgresSessionStore } from './postgres-session-store.js';
import { prepareDataDir } from './prepare-data-dir.js';
import type { SessionStore } from './session-store.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

/**
 * Builds the store `SESSION_STORE` names. For SQLite, `DATA_DIR` is prepared first (0700, writable; see
 * {@link prepareDataDir}).
 * @param logger - told once when an existing `DATA_DIR` had to be (or could not be) tightened
 * @throws StartupError when `DATA_DIR` or the database cannot be used
 */
export function createSessionStore(config: Config, logger?: Logger): SessionStore {
  if (config.sessions.store === 'memory') return new MemorySessionStore();
  // Connects (and migrates) on first use: the server's start-up recovery.
  if (config.sessions.store === 'postgres' && config.sessions.databaseUrl !== undefined)
    return new PostgresSessionStore({
      url: config.sessions.databaseUrl,
      poolMax: config.sessions.databasePoolMax,
      ...(logger ? { logger } : {}),
    });
  const note = prepareDataDir(config.sessions.dataDir);
  if (note) logger?.warn({ dataDir: config.sessions.dataDir }, note);
  return new SqliteSessionStore(config.sessions.dataDir);
}
