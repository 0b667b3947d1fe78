import type { SessionStore, StoredTurn } from './session-store.js';

/** Keeps history in this process only (`SESSION_STORE=memory`): for tests and throwaway runs. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, StoredTurn[]>();

  getTurns(sessionId: string): Promise<StoredTurn[]> {
    return Promise.resolve([...(this.#sessions.get(sessionId) ?? [])]);
  }

  appendTurn(sessionId: string, turn: StoredTurn): Promise<void> {
    const turns = this.#sessions.get(sessionId);
    if (turns) turns.push(turn);
    else this.#sessions.set(sessionId, [turn]);
    return Promise.resolve();
  }

  countSessions(): Promise<number> {
    return Promise.resolve(this.#sessions.size);
  }

  close(): Promise<void> {
    this.#sessions.clear();
    return Promise.resolve();
  }
}
