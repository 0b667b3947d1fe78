import type { RunEvent, RunEventBody, RunStatus } from './run-event.js';
import type { RunApi } from './run-log.js';

/** A value, or a promise of it: the in-process log answers at once, the Redis one after a round trip. */
export type Awaitable<T> = T | Promise<T>;

/** Where a run's log stands. */
export interface RunStreamInfo {
  /** The last `seq` appended (0 before any). */
  readonly length: number;
  /** Whether `run-end` has been appended. */
  readonly ended: boolean;
  /** The final status, once ended. */
  readonly status: RunStatus | undefined;
  /** When the run ended (ms since epoch), if it has. */
  readonly endedAt: number | undefined;
}

/**
 * The event log of one run, wherever it is kept: in this process (`RunLog`) or in a Redis Stream
 * (`RedisRunStream`), so the views can read either. Callers `await` every answer; the in-process log gives
 * plain values, which `await` passes through.
 *
 * The contract both implementations keep (proven by `run-stream-conformance.test.ts`):
 * - events are numbered `seq` 1, 2, 3 … without gaps, in the order they were appended;
 * - nothing is appended after `run-end`: `append` answers `undefined` instead;
 * - `follow(afterSeq)` yields every event after `afterSeq` (those kept: a Redis stream is trimmed to a bound)
 *   and then new ones as they come, and returns after `run-end` or when `signal` aborts;
 * - any number of readers may follow at once, before, during or after the run.
 */
export interface RunStream {
  readonly id: string;
  /** The surface that created the run. */
  readonly api: RunApi;
  /** Who may read and cancel the run; another owner's id is unknown. */
  readonly owner: string;
  /** Appends an event, numbering it; `undefined` once the run has ended. */
  append(body: RunEventBody): Awaitable<RunEvent | undefined>;
  /** The events with `seq` greater than `afterSeq` (all by default). */
  snapshot(afterSeq?: number): Awaitable<RunEvent[]>;
  /** Replays the events after `afterSeq`, then follows new ones until `run-end` or until `signal` aborts. */
  follow(afterSeq: number, signal: AbortSignal): AsyncIterable<RunEvent>;
  /** Where the log stands. */
  info(): Awaitable<RunStreamInfo>;
}
