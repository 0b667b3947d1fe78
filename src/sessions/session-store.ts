import type { ModelMessage } from 'ai';
import type { InterruptedRun, RunEndStatus, RunStart } from './run-record.js';

/** Longest session id any surface accepts (client-chosen ids are secrets, not documents). */
export const MAX_SESSION_ID_LENGTH = 256;

/** How a stored turn ended. `interrupted`: cut short by a failure or a cancel, partial answer kept. */
export type TurnStatus = 'completed' | 'interrupted' | 'failed';

/** Tokens one turn used, and their cost when known (the provider's figure, else the price table's). */
export interface TurnUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** Of the input tokens, those the provider read from its prompt cache (when it says). */
  readonly cachedInputTokens?: number;
  /** The cost in `currency`, when every priced call of the turn was in one currency. */
  readonly cost?: number;
  readonly currency?: string;
  /** The cost by currency, when the turn's calls were billed in several. */
  readonly costs?: Readonly<Record<string, number>>;
  /** The US-dollar part of the cost (the only cost field of turns saved before currencies were recorded). */
  readonly costUsd?: number;
  /** Input tokens of the turn's last LLM call: how much of the context window it used. */
  readonly lastCallInputTokens?: number;
  /** The context window of the model, in tokens. */
  readonly contextTokens?: number;
}

/** A file uploaded into a conversation (its bytes are read separately). */
export interface StoredFile {
  readonly id: string;
  readonly sessionId: string;
  /** The sanitised file name. */
  readonly name: string;
  readonly size: number;
  /** The media type sniffed from the bytes. */
  readonly mediaType: string;
  /** ISO 8601 time it was uploaded. */
  readonly createdAt: string;
}

/**
 * A tool call a run could not ask the person about (`/call`, Gradio, OpenAI) and did not run: the next turn of the
 * session that confirms it runs exactly this call.
 */
export interface PendingCall {
  readonly toolName: string;
  readonly input: unknown;
  /** ISO 8601 time it was held. */
  readonly createdAt: string;
}

/** A summary of a conversation's oldest turns, made when its history outgrew the context window. */
export interface HistorySummary {
  /** The summary, in the conversation's language. */
  readonly text: string;
  /** How many of the oldest turns (of those with an answer) it stands for. */
  readonly turns: number;
}

/** One question and everything the agent did for it. */
export interface StoredTurn {
  readonly id: string;
  /** ISO 8601 time the turn started. */
  readonly createdAt: string;
  readonly status: TurnStatus;
  readonly question: string;
  /** The assistant's prose as the user saw it. */
  readonly answer: string;
  /** The turn's messages as the model sees them next time (question, tool calls and results, answer). */
  readonly messages: ModelMessage[];
  /** Error code when the turn failed or was interrupted by an error. */
  readonly errorCode?: string;
  readonly model?: string;
  /** Tokens the turn used; absent in turns saved before it was recorded. */
  readonly usage?: TurnUsage;
  /** Wall time of the agent's work on the turn (after admission). */
  readonly durationMs?: number;
  /** How long each tool call took, by tool call id; absent in turns saved before it was recorded. */
  readonly toolDurationsMs?: Readonly<Record<string, number>>;
  /** Models that failed before answering and the ones that took over (`provider:model`), in order; absent if none. */
  readonly fallbacks?: readonly ModelFallbackNote[];
}

/** A model that failed before it answered, and the one that took over. */
export interface ModelFallbackNote {
  readonly from: string;
  readonly to: string;
  readonly code: string;
  readonly reason: string;
}

/** A session without its turns. */
export interface SessionSummary {
  readonly id: string;
  /** Set by the native API; sessions created by `/call` have none. */
  readonly title: string | undefined;
  /**
   * Who owns the session: sha256 (hex) of the native client key, or the namespace of the surface that made it
   * (`gradio:<key id>`, `openai:<key id>`). Sessions stored before owners existed have none.
   */
  readonly ownerHash: string | undefined;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601: when the last turn was saved (the creation time before that). */
  readonly updatedAt: string;
  /** Number of stored turns. */
  readonly turnCount: number;
}

/** A session to create with an owner and a title (the native API). */
export interface NewSession {
  readonly id: string;
  readonly ownerHash: string;
  readonly title: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

/**
 * Conversation history, keyed by session id, and the records of runs in flight. Implementations: memory, SQLite,
 * PostgreSQL; `session-store.test.ts` is the conformance suite every one of them passes.
 */
export interface SessionStore {
  /** The turns of a session, oldest first; empty for an unknown session. */
  getTurns(sessionId: string): Promise<StoredTurn[]>;
  /**
   * Appends a finished turn to a session, creating the session (owned by `ownerHash`, no title) when needed.
   * @param runId - the run that made the turn: its record is closed in the same transaction, so a crash cannot
   *   leave both the turn and a `running` record (which a restart would turn into a second, interrupted turn)
   */
  appendTurn(sessionId: string, turn: StoredTurn, ownerHash: string, runId?: string): Promise<void>;
  /** The summary of the session's oldest turns, if one was made. */
  getHistorySummary(sessionId: string): Promise<HistorySummary | undefined>;
  /** Keeps a new summary of the session's oldest turns (replacing the earlier one); a no-op for an unknown session. */
  setHistorySummary(sessionId: string, summary: HistorySummary): Promise<void>;
  /**
   * Stores an uploaded file in its (existing) session, unless the session already holds `maxPerSession` files.
   * @returns false when the session is full (nothing stored)
   */
  addFile(file: StoredFile, bytes: Buffer, maxPerSession: number): Promise<boolean>;
  /** The session's files, oldest first. */
  listFiles(sessionId: string): Promise<StoredFile[]>;
  /** A file and its bytes, by id. */
  getFile(fileId: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined>;
  /** Deletes a file; false when there was none. Files also go with their session. */
  deleteFile(fileId: string): Promise<boolean>;
  /** The call the session's last turn held for confirmation, if any. */
  getPendingCall(sessionId: string): Promise<PendingCall | undefined>;
  /** Keeps (or with undefined clears) the call held for confirmation; a no-op for an unknown session. */
  setPendingCall(sessionId: string, call: PendingCall | undefined): Promise<void>;
  /**
   * Creates an owned, titled, empty session.
   * @throws Error when the id is taken (ids are random, so this is a bug)
   */
  createSession(session: NewSession): Promise<SessionSummary>;
  /** A session's summary, or undefined when unknown. */
  getSession(sessionId: string): Promise<SessionSummary | undefined>;
  /** The sessions of one owner, most recently updated first. */
  listSessions(ownerHash: string): Promise<SessionSummary[]>;
  /** Sets a session's title; undefined when the session is unknown. */
  renameSession(sessionId: string, title: string): Promise<SessionSummary | undefined>;
  /**
   * Moves a conversation stored before sessions had owners (an owner-less session named `legacyId`, as `/call` and
   * the OpenAI endpoint stored them with the client's own id) to `sessionId`, owned by `ownerHash`, so the client
   * that named it keeps its history. Does nothing when there is no such session, or `sessionId` exists already.
   * @returns whether a session was moved
   */
  adoptLegacySession(legacyId: string, sessionId: string, ownerHash: string): Promise<boolean>;
  /** Deletes a session and its turns; false when it was unknown. */
  deleteSession(sessionId: string): Promise<boolean>;
  /** Number of sessions stored. */
  countSessions(): Promise<number>;
  /** Records a run as `running` when it starts (the memory store keeps it only while the process lives). */
  recordRunStart(run: RunStart): Promise<void>;
  /** Closes a run's record; nothing happens for an unknown run. */
  recordRunEnd(runId: string, status: RunEndStatus): Promise<void>;
  /**
   * Moves the lease of every `running` run of `instanceId` to `until` (ISO 8601): the clustered mode's heartbeat, so
   * that a starting instance's {@link SessionStore.interruptRuns} leaves the runs of live instances alone.
   */
  renewRunLeases(instanceId: string, until: string): Promise<void>;
  /**
   * Closes as `interrupted` every run still `running` whose lease is absent or expired at `now` (their process
   * died), appending `toTurn(run)` to the session of each run that has one, in one transaction: two instances
   * starting at once close each run once. Finished records older than `RUN_RECORD_RETENTION_MS` are deleted.
   * @param now - ISO 8601
   * @returns the runs closed, oldest first
   */
  interruptRuns(now: string, toTurn: (run: InterruptedRun) => StoredTurn): Promise<InterruptedRun[]>;
  /**
   * Whether a shared store answers now (`/readyz`); local stores (memory, SQLite) leave it out.
   * @throws AppError BACKEND_UNAVAILABLE when it does not
   */
  ping?(): Promise<void>;
  /** Releases files and connections. */
  close(): Promise<void>;
}
