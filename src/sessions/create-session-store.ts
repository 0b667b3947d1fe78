import type { Config } from '../config/config.js';
import { MemorySessionStore } from './memory-session-store.js';
import type { SessionStore } from './session-store.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

/** Builds the store `SESSION_STORE` names. */
export function createSessionStore(config: Config): SessionStore {
  return config.sessions.store === 'memory'
    ? new MemorySessionStore()
    : new SqliteSessionStore(config.sessions.dataDir);
}
