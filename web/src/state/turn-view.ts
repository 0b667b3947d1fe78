import type { CostFields } from '../api/api-types.js';

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

/** A tool call held for the person's decision, and how it was decided. */
export interface ApprovalView {
  readonly approvalId: string;
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  readonly state: 'pending' | 'approved' | 'denied';
  /** Who ended it, once ended: the person, the timeout or a cancel. */
  readonly by?: 'person' | 'timeout' | 'cancel';
}

/** Token use of a turn, and its cost when known (see `CostFields`). */
export interface UsageView extends CostFields {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cachedInputTokens?: number;
}

/** How full the context window was at an LLM call: its input tokens against the model's window. */
export interface ContextUse {
  readonly inputTokens: number;
  readonly contextTokens: number;
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
  /** Tool calls held for the person's decision during the live run. */
  readonly approvals?: readonly ApprovalView[];
  readonly model?: string;
  /** Models that failed before answering during this run, and the ones that took over. */
  readonly fallbacks?: readonly { readonly from: string; readonly to: string; readonly reason: string }[];
  readonly usage?: UsageView;
  /** The context the turn's latest LLM call used (live from each step, then the turn's own figure). */
  readonly lastCall?: ContextUse;
  readonly durationMs?: number;
  /** Why the turn failed; `RUN_CANCELLED` when the user stopped it. */
  readonly error?: { readonly code: string; readonly message?: string };
  /** When the run got its slot (ms since the epoch), for the live duration. */
  readonly startedAt?: number;
  /** Step of the last text piece, to separate steps with a blank line. */
  readonly textStep?: number;
}

/** The context use a turn's usage tells (its last call's input against the window), when it tells both. */
export function contextUseOf(usage: {
  readonly lastCallInputTokens?: number;
  readonly contextTokens?: number;
}): ContextUse | undefined {
  const { lastCallInputTokens: inputTokens, contextTokens } = usage;
  return inputTokens !== undefined && contextTokens !== undefined && contextTokens > 0
    ? { inputTokens, contextTokens }
    : undefined;
}

/** The error code of a run the user stopped. */
export const CANCELLED_CODE = 'RUN_CANCELLED';

/** Whether the user stopped this turn. */
export function wasStopped(turn: TurnView): boolean {
  return turn.error?.code === CANCELLED_CODE;
}
