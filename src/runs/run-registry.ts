import type { RunLog } from './run-log.js';

/**
 * Keeps run logs for late and repeated readers: ended runs are dropped after `retentionMs`, and when more
 * than `maxStored` runs are kept the oldest ended ones go first. Running runs are never dropped.
 */
export class RunRegistry {
  readonly #runs = new Map<string, RunLog>();
  readonly #retentionMs: number;
  readonly #maxStored: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { retentionMs: number; maxStored: number }) {
    this.#retentionMs = options.retentionMs;
    this.#maxStored = options.maxStored;
    this.#sweeper = setInterval(() => this.sweep(), Math.min(60_000, options.retentionMs)).unref();
  }

  /** Adds a run. */
  add(run: RunLog): void {
    this.#runs.set(run.id, run);
    if (this.#runs.size > this.#maxStored) this.#evictOldestEnded(this.#runs.size - this.#maxStored);
  }

  /** A run by id. */
  get(id: string): RunLog | undefined {
    return this.#runs.get(id);
  }

  /** Number of runs kept. */
  get size(): number {
    return this.#runs.size;
  }

  /** Drops ended runs older than the retention. */
  sweep(now = Date.now()): void {
    for (const [id, run] of this.#runs) {
      if (run.endedAt !== undefined && now - run.endedAt > this.#retentionMs) this.#runs.delete(id);
    }
  }

  /** Stops the sweeper. */
  close(): void {
    clearInterval(this.#sweeper);
  }

  #evictOldestEnded(count: number): void {
    // Map iteration is insertion order: the first ended runs found are the oldest.
    for (const [id, run] of this.#runs) {
      if (count <= 0) return;
      if (run.ended) {
        this.#runs.delete(id);
        count--;
      }
    }
  }
}
