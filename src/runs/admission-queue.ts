import { AppError } from '../errors/app-error.js';
import type { Admission } from './admission.js';
import { ProcessTimeAverage } from './process-time-average.js';
import { estimateEtas, roundS } from './queue-estimates.js';

/** A granted slot; release it exactly once when the run ends. */
export interface Lease {
  /**
   * Frees the slot. `completed: true` adds the time the slot was held to its kind's average process time (the
   * basis of every ETA); failed and cancelled runs are left out, as Gradio leaves them out.
   */
  release(outcome?: { completed?: boolean }): void;
}

/** Told whenever a waiting run's place, the queue's length, or its estimate changes. */
export type PositionListener = (position: number, size: number, etaS: number | null) => void;

/** A place in the queue. */
export interface Ticket {
  /** Settles when a slot is granted; rejects with QUEUE_TIMEOUT, SHUTTING_DOWN or the signal's reason. */
  readonly lease: Promise<Lease>;
}

interface Waiter {
  readonly sessionKey: string | undefined;
  readonly kind: string;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (error: unknown) => void;
  readonly onPosition: PositionListener | undefined;
  timer: NodeJS.Timeout | undefined;
  cleanup: () => void;
  position: number;
  size: number;
  etaS: number | null;
}

/** A slot in use: what kind of run holds it, and since when (for the time until a slot frees). */
interface Holder {
  readonly kind: string;
  readonly grantedAt: number;
}

/** Options of the admission queue (from `QUEUE_*`). */
export interface AdmissionOptions {
  /** Runs at once. */
  readonly concurrency: number;
  /** Waiting runs before new ones are refused. */
  readonly maxSize: number;
  /** Longest wait for a slot. */
  readonly timeoutMs: number;
  /** A monotonic clock in milliseconds (tests give their own). @default performance.now */
  readonly now?: () => number;
}

/** The kind of a run that names none. */
const DEFAULT_KIND = 'default';

/**
 * The one place that decides when a run may start: a global concurrency cap, a bounded FIFO queue with a
 * wait deadline, and strict order within one session (two turns of a conversation never interleave; a
 * session's later turn waits for its earlier one even when other slots are free).
 */
export class AdmissionQueue implements Admission {
  readonly #options: AdmissionOptions;
  readonly #waiting: Waiter[] = [];
  readonly #busySessions = new Set<string>();
  readonly #holders = new Set<Holder>();
  readonly #processTimes = new ProcessTimeAverage();
  readonly #now: () => number;
  #running = 0;
  #closed = false;

  constructor(options: AdmissionOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /**
   * The mean time in seconds that completed runs of `kind` held a slot, or null before any did — what Gradio
   * sends as a function's `eta` in `process_starts`.
   */
  averageS(kind: string = DEFAULT_KIND): number | null {
    const ms = this.#processTimes.averageMs(kind);
    return ms === undefined ? null : roundS(ms);
  }

  /** Runs holding a slot. */
  get running(): number {
    return this.#running;
  }

  /** Runs waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Both figures at once, in the shape of `Admission.counts`. */
  counts(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /**
   * Joins the queue.
   * @param options.sessionKey - runs with the same key run one at a time, in the order they joined
   * @param options.kind - what sort of run it is (the API): process times are averaged per kind
   * @param options.signal - leaving the queue early (a cancel)
   * @param options.onPosition - told the 1-based position, the queue size and the estimated seconds until the
   *   run's answer (null until runs of every kind involved have completed once) whenever one changes while
   *   waiting
   * @throws AppError QUEUE_FULL (synchronously) when `maxSize` runs already wait; SHUTTING_DOWN after close()
   */
  enqueue(options: {
    sessionKey?: string | undefined;
    kind?: string;
    signal?: AbortSignal;
    onPosition?: PositionListener;
  }): Ticket {
    if (this.#closed) throw new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');
    const sessionKey = options.sessionKey;
    const kind = options.kind ?? DEFAULT_KIND;
    if (this.#canStart(sessionKey) && this.#waiting.length === 0) {
      return { lease: Promise.resolve(this.#grant(sessionKey, kind)) };
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
        kind,
        resolve,
        reject,
        onPosition: options.onPosition,
        timer: undefined,
        cleanup: () => {},
        position: 0,
        size: 0,
        etaS: null,
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

  #grant(sessionKey: string | undefined, kind: string): Lease {
    this.#running++;
    if (sessionKey !== undefined) this.#busySessions.add(sessionKey);
    const holder: Holder = { kind, grantedAt: this.#now() };
    this.#holders.add(holder);
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#running--;
        this.#holders.delete(holder);
        if (outcome?.completed === true) this.#processTimes.add(kind, this.#now() - holder.grantedAt);
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
      w.resolve(this.#grant(key, w.kind));
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
    const etas = this.#estimates();
    this.#waiting.forEach((w, i) => {
      // Told whenever its place or the length of the queue changes (clients show "3rd of 7, about 20 s").
      if (w.position === i + 1 && w.size === size && w.etaS === etas[i]) return;
      w.position = i + 1;
      w.size = size;
      w.etaS = etas[i] ?? null;
      w.onPosition?.(w.position, size, w.etaS);
    });
  }

  /** Seconds until each waiting run's answer: see {@link estimateEtas}. */
  #estimates(): (number | null)[] {
    return estimateEtas({
      concurrency: this.#options.concurrency,
      now: this.#now(),
      running: this.#running,
      holders: this.#holders,
      waitingKinds: this.#waiting.map((w) => w.kind),
      averageMs: (kind) => this.#processTimes.averageMs(kind),
    });
  }
}
