import type { AgentEvent } from '../agent/agent-event.js';
import type { ErrorCode } from '../errors/app-error.js';

/** Version of the run event protocol; bump on any incompatible change (prefer adding members). */
export const RUN_EVENT_VERSION = 1;

/** How a run ended. */
export type RunStatus = 'completed' | 'failed' | 'cancelled';

/**
 * An event of a run, before the log numbers it: everything the agent emits plus the run's own life cycle.
 * This union is the wire spec of the native stream; the Gradio and OpenAI views are computed from it.
 */
export type RunEventBody =
  /**
   * Waiting for a slot: `position` 1 is next. Sent when queued and whenever the position, the queue's length or
   * the estimate changes. `etaS` is the estimated seconds from this event until the answer, from the average time
   * completed runs took (Gradio's `rank_eta`); null until enough runs have completed to know.
   */
  | { type: 'queued'; position: number; queueSize: number; etaS: number | null }
  /** The run got a slot and the agent starts, on `model` of `provider`. */
  | { type: 'run-start'; model: string; provider?: string }
  | AgentEvent
  /**
   * A tool call waits for a person (AGENT_APPROVAL): nothing reaches the platform until
   * `POST /api/runs/:run_id/approvals/:approvalId` decides, or `expiresAt` (ms since the epoch) passes (a denial).
   */
  | {
      type: 'tool-approval-request';
      approvalId: string;
      toolCallId: string;
      toolName: string;
      input: unknown;
      expiresAt: number;
    }
  /** The decision on a held call: by the person, or `timeout` (denied), or `cancel` (the run stopped). */
  | {
      type: 'tool-approval-end';
      approvalId: string;
      toolCallId: string;
      approved: boolean;
      reason?: string;
      by: 'person' | 'timeout' | 'cancel';
    }
  /** The run failed; `message` is fit for users. Followed by `run-end`. */
  | { type: 'error'; code: ErrorCode; message: string }
  /** Always the last event. `text` is the final answer (the partial one when not completed). */
  | { type: 'run-end'; status: RunStatus; text: string };

/** A numbered event of a run's log; `seq` starts at 1 and has no gaps. */
export type RunEvent = RunEventBody & { readonly seq: number; readonly at: number };
