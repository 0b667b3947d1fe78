import type { Awaitable } from './run-stream.js';

/** Told whenever a waiting run's place, the queue's length, or its estimate changes. */
export type AdmissionPositionListener = (position: number, size: number, etaS: number | null) => void;

/** A granted slot, whichever queue granted it; release it exactly once when the run ends. */
export interface AdmissionLease {
  /** Frees the slot; `completed: true` counts the time held into its kind's average (the basis of every ETA). */
  release(outcome?: { completed?: boolean }): Awaitable<void>;
}

/** A place in a queue. */
export interface AdmissionTicket {
  /** Settles when a slot is granted; rejects with QUEUE_TIMEOUT, SHUTTING_DOWN or the signal's reason. */
  readonly lease: Promise<AdmissionLease>;
}

/** What a run asks the queue for. */
export interface AdmissionRequest {
  /** Runs with the same key run one at a time, in the order they joined. */
  readonly sessionKey?: string | undefined;
  /** What sort of run it is (the API): process times are averaged per kind. */
  readonly kind?: string;
  /** Leaving the queue early (a cancel). */
  readonly signal?: AbortSignal;
  /** Told the 1-based position, the queue size and the estimated seconds until the answer, whenever one changes. */
  readonly onPosition?: AdmissionPositionListener;
}

/**
 * Admission, wherever its state lives: in this process (`AdmissionQueue`) or in Redis, shared by every instance
 * (`RedisAdmissionQueue`). Both keep one contract, proven by `admission-conformance.test.ts`: a global cap, FIFO
 * order, strict order within a session, a bounded wait list (QUEUE_FULL), a wait deadline (QUEUE_TIMEOUT),
 * positions and ETAs, cancel by signal, and close (SHUTTING_DOWN).
 */
export interface Admission {
  /**
   * Joins the queue.
   * @throws AppError QUEUE_FULL, SHUTTING_DOWN (the in-process queue throws synchronously; the Redis one rejects,
   *   or BACKEND_UNAVAILABLE)
   */
  enqueue(request: AdmissionRequest): Awaitable<AdmissionTicket>;
  /** Runs holding a slot and runs waiting, over every instance that shares the queue. */
  counts(): Awaitable<{ running: number; waiting: number }>;
  /** The mean seconds completed runs of `kind` held a slot, or null before any did. */
  averageS(kind?: string): Awaitable<number | null>;
  /** Refuses new runs and fails this instance's waiting ones with SHUTTING_DOWN; held slots stay until released. */
  close(): Awaitable<void>;
}
