import type { ModelMessage } from 'ai';

/** How a stored turn ended. `interrupted`: cut short by a failure or a cancel, partial answer kept. */
export type TurnStatus = 'completed' | 'interrupted' | 'failed';

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
}

/** Conversation history, keyed by session id. Implementations: memory, SQLite (and Redis later). */
export interface SessionStore {
  /** The turns of a session, oldest first; empty for an unknown session. */
  getTurns(sessionId: string): Promise<StoredTurn[]>;
  /** Appends a finished turn to a session, creating the session when needed. */
  appendTurn(sessionId: string, turn: StoredTurn): Promise<void>;
  /** Number of sessions stored. */
  countSessions(): Promise<number>;
  /** Releases files and connections. */
  close(): Promise<void>;
}
