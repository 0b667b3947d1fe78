import type { NewSession, SessionStore, SessionSummary, StoredTurn } from './session-store.js';

interface MemorySession {
  readonly id: string;
  title: string | undefined;
  readonly ownerHash: string | undefined;
  readonly createdAt: string;
  updatedAt: string;
  /** Insertion counter: breaks ties between equal `updatedAt`s, newest first. */
  touched: number;
  readonly turns: StoredTurn[];
}

/** Keeps history in this process only (`SESSION_STORE=memory`): for tests and throwaway runs. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, MemorySession>();
  #clock = 0;

  getTurns(sessionId: string): Promise<StoredTurn[]> {
    return Promise.resolve([...(this.#sessions.get(sessionId)?.turns ?? [])]);
  }

  appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string): Promise<void> {
    const now = new Date().toISOString();
    let session = this.#sessions.get(sessionId);
    if (!session) {
      session = {
        id: sessionId,
        title: undefined,
        ownerHash,
        createdAt: turn.createdAt,
        updatedAt: now,
        touched: 0,
        turns: [],
      };
      this.#sessions.set(sessionId, session);
    }
    session.turns.push(turn);
    session.updatedAt = now;
    session.touched = ++this.#clock;
    return Promise.resolve();
  }

  createSession(input: NewSession): Promise<SessionSummary> {
    if (this.#sessions.has(input.id)) return Promise.reject(new Error('session id already exists'));
    const session: MemorySession = {
      id: input.id,
      title: input.title,
      ownerHash: input.ownerHash,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      touched: ++this.#clock,
      turns: [],
    };
    this.#sessions.set(input.id, session);
    return Promise.resolve(summary(session));
  }

  getSession(sessionId: string): Promise<SessionSummary | undefined> {
    const session = this.#sessions.get(sessionId);
    return Promise.resolve(session ? summary(session) : undefined);
  }

  listSessions(ownerHash: string): Promise<SessionSummary[]> {
    const owned = [...this.#sessions.values()].filter((s) => s.ownerHash === ownerHash);
    owned.sort((a, b) =>
      a.updatedAt === b.updatedAt ? b.touched - a.touched : a.updatedAt < b.updatedAt ? 1 : -1,
    );
    return Promise.resolve(owned.map(summary));
  }

  renameSession(sessionId: string, title: string): Promise<SessionSummary | undefined> {
    const session = this.#sessions.get(sessionId);
    if (session) session.title = title;
    return Promise.resolve(session ? summary(session) : undefined);
  }

  adoptLegacySession(legacyId: string, sessionId: string, ownerHash: string): Promise<boolean> {
    const legacy = this.#sessions.get(legacyId);
    if (!legacy || legacy.ownerHash !== undefined || this.#sessions.has(sessionId))
      return Promise.resolve(false);
    this.#sessions.delete(legacyId);
    this.#sessions.set(sessionId, { ...legacy, id: sessionId, ownerHash });
    return Promise.resolve(true);
  }

  deleteSession(sessionId: string): Promise<boolean> {
    return Promise.resolve(this.#sessions.delete(sessionId));
  }

  countSessions(): Promise<number> {
    return Promise.resolve(this.#sessions.size);
  }

  close(): Promise<void> {
    this.#sessions.clear();
    return Promise.resolve();
  }
}

function summary(s: MemorySession): SessionSummary {
  return {
    id: s.id,
    title: s.title,
    ownerHash: s.ownerHash,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    turnCount: s.turns.length,
  };
}
