import type { DiffOp } from './string-diff.js';

/** `output` of a successful `process_generating` / `process_completed`, as Gradio 5 sends it. */
export interface QueueSuccessOutput {
  /** One value per output component: the answer, or (generating, after the first) its list of edits. */
  readonly data: [string | DiffOp[]];
  readonly is_generating: boolean;
  /** Seconds since the job started. */
  readonly duration: number;
  /** The average seconds a completed job took; null before one did. */
  readonly average_duration: number | null;
  readonly render_config: null;
  readonly changed_state_ids: [];
}

/** `output` of a failed `process_completed`, shaped like a `gr.Error`; it must be the only place `error` appears. */
export interface QueueErrorOutput {
  readonly error: string;
  readonly duration: null;
  readonly visible: true;
  readonly title: 'Error';
}

/**
 * A message of the `GET /gradio_api/queue/data` stream (protocol `sse_v3`). Each is written as one
 * `data: <json>\n\n` block: no `event:` lines and no comments, which the Python client treats as fatal.
 * `rank` is 0-based: 0 is the next job to get a slot.
 */
export type QueueMessage =
  | { msg: 'estimation'; event_id: string; rank: number; queue_size: number; rank_eta: number | null }
  | { msg: 'process_starts'; event_id: string; eta: number | null }
  | {
      msg: 'process_generating';
      event_id: string;
      output: QueueSuccessOutput;
      success: true;
      time_limit: null;
    }
  | {
      msg: 'process_completed';
      event_id: string;
      output: QueueSuccessOutput | QueueErrorOutput;
      success: boolean;
      title: 'Error' | null;
    }
  | { msg: 'heartbeat'; event_id: null }
  | { msg: 'close_stream'; event_id: null }
  | {
      msg: 'unexpected_error';
      event_id: null;
      message: string;
      session_not_found: boolean;
      success: false;
    };

/** The SSE block of a message. */
export function queueFrame(message: QueueMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}

/** A successful `output` carrying `value`. */
export function successOutput(
  value: string | DiffOp[],
  options: { generating: boolean; durationS: number; averageS: number | null },
): QueueSuccessOutput {
  return {
    data: [value],
    is_generating: options.generating,
    duration: options.durationS,
    average_duration: options.averageS,
    render_config: null,
    changed_state_ids: [],
  };
}

/** A failed `output`: the clients reject with `message` (JS `Error`, Python `AppError`). */
export function errorOutput(message: string): QueueErrorOutput {
  return { error: message, duration: null, visible: true, title: 'Error' };
}
