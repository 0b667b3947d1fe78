/** When a {@link runPool} stops handing out work. */
export interface RunPoolOptions {
  /** Tasks in flight at once. */
  readonly concurrency: number;
  /** Stop after this many tasks were started. */
  readonly count?: number;
  /** Stop starting tasks once `performance.now()` passes this (a function is asked again each time). */
  readonly until?: number | (() => number);
}

/**
 * Keeps `concurrency` tasks in flight until `count` tasks were started or the deadline `until` passed, then
 * waits for the ones in flight. At least one of `count` and `until` must be given.
 * @param task - called with a 0-based index; a rejection stops the pool and rejects it
 * @returns the number of tasks run
 */
export async function runPool(
  options: RunPoolOptions,
  task: (index: number) => Promise<void>,
): Promise<number> {
  const { concurrency, count, until } = options;
  if (count === undefined && until === undefined) throw new Error('runPool needs a count or a deadline');
  let next = 0;
  let failed = false;
  const deadline = () => (typeof until === 'function' ? until() : (until ?? Infinity));
  const more = () => !failed && (count === undefined || next < count) && performance.now() < deadline();
  const worker = async () => {
    while (more()) {
      try {
        await task(next++);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return next;
}
