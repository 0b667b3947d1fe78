import type { InterruptedRun, RunEndStatus, RunStart } from './run-record.js';
import type {
  HistorySummary,
  PendingCall,
  StoredFile,
  NewSession,
  SessionStore,
  SessionSummary,
  StoredTurn,
} from './session-store.js';

interface MemorySession {
  readonly id: string;
  title: string | undefined;
  readonly ownerHash: string | undefined;
  readonly createdAt: string;
  updatedAt: string;
  /** Insertion counter: breaks ties between equal `updatedAt`s, newest first. */
  touched: number;
  readonly turns: StoredTurn[];
  summary?: HistorySummary;
  pendingCall?: PendingCall | undefined;
}

/**
 * Keeps history in this process only (`SESSION_STORE=memory`): for tests and throwaway runs. Run records live only
 * while they run (a crash takes them with it, as it takes the history).
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, MemorySession>();
  readonly #running = new Map<string, RunStart>();
  readonly #files = new Map<string, { file: StoredFile; bytes: Buffer }>();
  #clock = 0;

  getHistorySummary(sessionId: string): Promise<HistorySummary | undefined> {
    return Promise.resolve(this.#sessions.get(sessionId)?.summary);
  }

  setHistorySummary(sessionId: string, summary: HistorySummary): Promise<void> {
    const session = this.#sessions.get(sessionId);
    if (session) session.summary = { text: summary.text, turns: summary.turns };
    return Promise.resolve();
  }

  addFile(file: StoredFile, bytes: Buffer, maxPerSession: number): Promise<boolean> {
    if (!this.#sessions.has(file.sessionId)) throw new Error(`unknown session ${file.sessionId}`);
    const held = [...this.#files.values()].filter((f) => f.file.sessionId === file.sessionId).length;
    if (held >= maxPerSession) return Promise.resolve(false);
    this.#files.set(file.id, { file: { ...file }, bytes: Buffer.from(bytes) });
    return Promise.resolve(true);
  }

  listFiles(sessionId: string): Promise<StoredFile[]> {
    return Promise.resolve(
      [...this.#files.values()].filter((f) => f.file.sessionId === sessionId).map((f) => ({ ...f.file })),
    );
  }

  getFile(fileId: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined> {
    const found = this.#files.get(fileId);
    return Promise.resolve(found && { file: { ...found.file }, bytes: Buffer.from(found.bytes) });
  }

  deleteFile(fileId: string): Promise<boolean> {
    return Promise.resolve(this.#files.delete(fileId));
  }

  getPendingCall(sessionId: string): Promise<PendingCall | undefined> {
    return Promise.resolve(this.#sessions.get(sessionId)?.pendingCall);
  }

  setPendingCall(sessionId: string, call: PendingCall | undefined): Promise<void> {
    const session = this.#sessions.get(sessionId);
    if (session) session.pendingCall = call && structuredClone(call);
    return Promise.resolve();
  }

  getTurns(sessionId: string): Promise<StoredTurn[]> {
    return Promise.resolve([...(this.#sessions.get(sessionId)?.turns ?? [])]);
  }

  appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string, runId?: string): Promise<void> {
    if (runId !== undefined) this.#running.delete(runId);
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
    // A run of a deleted conversation must not bring it back as an interrupted turn.
    for (const [id, run] of this.#running) if (run.sessionId === sessionId) this.#running.delete(id);
    for (const [id, f] of this.#files) if (f.file.sessionId === sessionId) this.#files.delete(id);
    return Promise.resolve(this.#sessions.delete(sessionId));
  }

  countSessions(): Promise<number> {
    return Promise.resolve(this.#sessions.size);
  }

  recordRunStart(run: RunStart): Promise<void> {
    this.#running.set(run.runId, run);
    return Promise.resolve();
  }

  recordRunEnd(runId: string, _status: RunEndStatus): Promise<void> {
    this.#running.delete(runId);
    return Promise.resolve();
  }

  renewRunLeases(instanceId: string, until: string): Promise<void> {
    for (const [id, run] of this.#running)
      if (run.instanceId === instanceId) this.#running.set(id, { ...run, leaseExpiresAt: until });
    return Promise.resolve();
  }

  async interruptRuns(now: string, toTurn: (run: InterruptedRun) => StoredTurn): Promise<InterruptedRun[]> {
    const stale = [...this.#running.values()]
      .filter((r) => r.leaseExpiresAt === undefined || Date.parse(r.leaseExpiresAt) < Date.parse(now))
      .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0))
      .map((r): InterruptedRun => ({ ...r, answer: '' }));
    // Claimed before the first await, so a concurrent call cannot close them twice.
    for (const run of stale) this.#running.delete(run.runId);
    for (const run of stale)
      if (run.sessionId !== undefined) await this.appendTurn(run.sessionId, toTurn(run), run.ownerHash);
    return stale;
  }

  close(): Promise<void> {
    this.#sessions.clear();
    this.#running.clear();
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
