/** What an estimate of the waiting runs' answers is computed from. */
export interface EstimateInput {
  /** Runs at once. */
  readonly concurrency: number;
  /** The clock of `grantedAt`, now. */
  readonly now: number;
  /** Runs holding a slot. */
  readonly running: number;
  /** The kinds of the runs holding a slot and when each got it. */
  readonly holders: Iterable<{ readonly kind: string; readonly grantedAt: number }>;
  /** The kinds of the waiting runs, first in line first. */
  readonly waitingKinds: readonly string[];
  /** The mean process time of a kind in ms, undefined before one completed. */
  readonly averageMs: (kind: string) => number | undefined;
}

/**
 * Seconds until each waiting run's answer, computed as Gradio does (gradio 5.49.1 `queueing.py`,
 * `Queue.broadcast_estimations`): its kind's average process time, plus the wait until it reaches the head (the
 * average times of the runs ahead, divided by the concurrency), plus — when every slot is busy — the time until the
 * first running run is expected to end. Null wherever one of those averages is not known yet. Shared by the
 * in-process and the Redis admission queue so both estimate alike.
 */
export function estimateEtas(input: EstimateInput): (number | null)[] {
  const { concurrency, now } = input;
  let untilFreeMs: number | null = 0;
  const holders = [...input.holders];
  if (input.running >= concurrency && holders.length > 0) {
    let firstEnd = Infinity;
    for (const holder of holders) {
      const average = input.averageMs(holder.kind);
      if (average === undefined) {
        untilFreeMs = null;
        break;
      }
      firstEnd = Math.min(firstEnd, holder.grantedAt + average);
    }
    if (untilFreeMs !== null) untilFreeMs = Math.max(0, firstEnd - now);
  }
  let waitSoFarMs: number | null = 0;
  return input.waitingKinds.map((kind) => {
    const average = input.averageMs(kind);
    const eta =
      average !== undefined && waitSoFarMs !== null && untilFreeMs !== null
        ? roundS(average + waitSoFarMs + untilFreeMs)
        : null;
    waitSoFarMs = average !== undefined && waitSoFarMs !== null ? waitSoFarMs + average / concurrency : null;
    return eta;
  });
}

/** Milliseconds as seconds with two decimals (Gradio sends float seconds). */
export function roundS(ms: number): number {
  return Math.round(ms / 10) / 100;
}
