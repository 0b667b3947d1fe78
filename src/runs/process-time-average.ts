/**
 * The running mean of how long runs of each kind held a slot, counting only runs that completed — Gradio's
 * `ProcessTime` per function (gradio 5.49.1 `queueing.py`: `process_time_per_fn[fn].add(duration)` runs only when
 * the function returned a response). Failed and cancelled runs say little about how long an answer takes.
 */
export class ProcessTimeAverage {
  readonly #totals = new Map<string, { totalMs: number; count: number }>();

  /** Adds one completed run of `kind` that took `durationMs`. */
  add(kind: string, durationMs: number): void {
    const total = this.#totals.get(kind) ?? { totalMs: 0, count: 0 };
    total.totalMs += Math.max(0, durationMs);
    total.count += 1;
    this.#totals.set(kind, total);
  }

  /** The mean in milliseconds, or undefined before any run of `kind` completed. */
  averageMs(kind: string): number | undefined {
    const total = this.#totals.get(kind);
    return total === undefined ? undefined : total.totalMs / total.count;
  }
}
