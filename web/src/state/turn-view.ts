/** A tool call as a card shows it. */
export interface ToolCallView {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
  /** `unfinished`: the run ended before the tool answered. */
  readonly status: 'pending' | 'done' | 'error' | 'unfinished';
  readonly output?: unknown;
  readonly durationMs?: number;
}

/** Token use of a turn. */
export interface UsageView {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cachedInputTokens?: number;
  readonly costUsd?: number;
}

/** Where a live turn is. */
export type TurnPhase = 'sending' | 'queued' | 'running' | 'done';

/** How a finished turn ended. `interrupted`: stopped or failed after some of the answer arrived. */
export type TurnOutcome = 'completed' | 'interrupted' | 'failed';

/** One question and its answer, live or from history. */
export interface TurnView {
  /** Stored turn id, or a local id while live. */
  readonly key: string;
  /** ISO time the question was asked. */
  readonly createdAt: string;
  readonly question: string;
  /** The assistant's prose so far (steps separated by a blank line). */
  readonly answer: string;
  readonly phase: TurnPhase;
  readonly outcome?: TurnOutcome;
  /** Queue position while waiting, and the server's estimate of seconds until the answer (null: not known). */
  readonly queue?: { readonly position: number; readonly size: number; readonly etaS: number | null };
  readonly tools: readonly ToolCallView[];
  readonly model?: string;
  readonly usage?: UsageView;
  readonly durationMs?: number;
  /** Why the turn failed; `RUN_CANCELLED` when the user stopped it. */
  readonly error?: { readonly code: string; readonly message?: string };
  /** When the run got its slot (ms since the epoch), for the live duration. */
  readonly startedAt?: number;
  /** Step of the last text piece, to separate steps with a blank line. */
  readonly textStep?: number;
}

/** The error code of a run the user stopped. */
export const CANCELLED_CODE = 'RUN_CANCELLED';

/** Whether the user stopped this turn. */
export function wasStopped(turn: TurnView): boolean {
  return turn.error?.code === CANCELLED_CODE;
}
