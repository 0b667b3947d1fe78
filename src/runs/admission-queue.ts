import { AppError } from '../errors/app-error.js';

/** A granted slot; release it exactly once when the run ends. */
export interface Lease {
  release(): void;
}

/** A place in the queue. */
export interface Ticket {
  /** Settles when a slot is granted; rejects with QUEUE_TIMEOUT, SHUTTING_DOWN or the signal's reason. */
  readonly lease: Promise<Lease>;
}

interface Waiter {
  readonly sessionKey: string | undefined;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (error: unknown) => void;
  readonly onPosition: ((position: number, size: number) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
  cleanup: () => void;
  position: number;
  size: number;
}

/** Options of the admission queue (from `QUEUE_*`). */
export interface AdmissionOptions {
  /** Runs at once. */
  readonly concurrency: number;
  /** Waiting runs before new ones are refused. */
  readonly maxSize: number;
  /** Longest wait for a slot. */
  readonly timeoutMs: number;
}

/**
 * The one place that decides when a run may start: a global concurrency cap, a bounded FIFO queue with a
 * wait deadline, and strict order within one session (two turns of a conversation never interleave; a
 * session's later turn waits for its earlier one even when other slots are free).
 */
export class AdmissionQueue {
  readonly #options: AdmissionOptions;
  readonly #waiting: Waiter[] = [];
  readonly #busySessions = new Set<string>();
  #running = 0;
  #closed = false;

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  /** Runs holding a slot. */
  get running(): number {
    return this.#running;
  }

  /** Runs waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Joins the queue.
   * @param options.sessionKey - runs with the same key run one at a time, in the order they joined
   * @param options.signal - leaving the queue early (a cancel)
   * @param options.onPosition - told the 1-based position and queue size whenever either changes while waiting
   * @throws AppError QUEUE_FULL (synchronously) when `maxSize` runs already wait; SHUTTING_DOWN after close()
   */
  enqueue(options: {
    sessionKey?: string | undefined;
    signal?: AbortSignal;
    onPosition?: (position: number, size: number) => void;
  }): Ticket {
    if (this.#closed) throw new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');
    const sessionKey = options.sessionKey;
    if (this.#canStart(sessionKey) && this.#waiting.length === 0) {
      return { lease: Promise.resolve(this.#grant(sessionKey)) };
    }
    if (this.#waiting.length >= this.#options.maxSize) {
      throw new AppError(
        'QUEUE_FULL',
        `The queue is full (${this.#waiting.length} requests waiting, QUEUE_MAX_SIZE=${this.#options.maxSize}); try again later.`,
      );
    }
    let waiter!: Waiter;
    const lease = new Promise<Lease>((resolve, reject) => {
      waiter = {
        sessionKey,
        resolve,
        reject,
        onPosition: options.onPosition,
        timer: undefined,
        cleanup: () => {},
        position: 0,
        size: 0,
      };
    });
    waiter.timer = setTimeout(() => {
      this.#remove(waiter);
      waiter.reject(
        new AppError(
          'QUEUE_TIMEOUT',
          `Request timeout: waited ${Math.round(this.#options.timeoutMs / 100) / 10} s in the queue for a free slot (QUEUE_TIMEOUT_S).`,
        ),
      );
    }, this.#options.timeoutMs);
    const signal = options.signal;
    if (signal) {
      const onAbort = () => {
        this.#remove(waiter);
        waiter.reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    this.#waiting.push(waiter);
    this.#pump();
    this.#announce();
    return { lease };
  }

  /** Refuses new runs and fails every waiting one with SHUTTING_DOWN. */
  close(): void {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) {
      clearTimeout(w.timer);
      w.cleanup();
      w.reject(new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.'));
    }
  }

  #canStart(sessionKey: string | undefined): boolean {
    return (
      this.#running < this.#options.concurrency &&
      (sessionKey === undefined || !this.#busySessions.has(sessionKey))
    );
  }

  #grant(sessionKey: string | undefined): Lease {
    this.#running++;
    if (sessionKey !== undefined) this.#busySessions.add(sessionKey);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#running--;
        if (sessionKey !== undefined) this.#busySessions.delete(sessionKey);
        this.#pump();
        this.#announce();
      },
    };
  }

  /** Starts every waiting run that may start, in queue order, skipping sessions that are busy. */
  #pump(): void {
    const seen = new Set<string>();
    for (let i = 0; i < this.#waiting.length && this.#running < this.#options.concurrency;) {
      const w = this.#waiting[i]!;
      const key = w.sessionKey;
      // A session's later turn never overtakes its earlier one.
      const blocked = key !== undefined && (this.#busySessions.has(key) || seen.has(key));
      if (key !== undefined) seen.add(key);
      if (blocked) {
        i++;
        continue;
      }
      this.#waiting.splice(i, 1);
      clearTimeout(w.timer);
      w.cleanup();
      w.resolve(this.#grant(key));
    }
  }

  #remove(waiter: Waiter): void {
    const i = this.#waiting.indexOf(waiter);
    if (i < 0) return;
    this.#waiting.splice(i, 1);
    clearTimeout(waiter.timer);
    waiter.cleanup();
    this.#announce();
  }

  #announce(): void {
    const size = this.#waiting.length;
    this.#waiting.forEach((w, i) => {
      // Told whenever its place or the length of the queue changes (clients show "3rd of 7").
      if (w.position === i + 1 && w.size === size) return;
      w.position = i + 1;
      w.size = size;
      w.onPosition?.(w.position, size);
    });
  }
}
