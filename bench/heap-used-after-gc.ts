/**
 * `process.memoryUsage().heapUsed` after full garbage collections, with the event loop turned between them
 * so that closed sockets, settled promises and finalizers are let go first.
 * @param settleMs - time to wait before collecting (e.g. for timers that hold memory to fire)
 * @throws Error when node runs without `--expose-gc`
 */
export async function heapUsedAfterGc(settleMs = 50): Promise<number> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('global.gc is missing: run node with --expose-gc');
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}
