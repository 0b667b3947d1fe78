import { AppError } from '../../errors/app-error.js';
import type { RunLog } from '../../runs/run-log.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { RunStream } from '../../runs/run-stream.js';

/**
 * The native API's view of runs: a run resolves only for the client key that owns it (runs of other surfaces
 * and other keys are unknown), and the runs of a session that have not ended can be stopped together.
 */
export class NativeRunIndex {
  readonly #runs: RunManager;
  readonly #live = new Map<string, Set<RunLog>>();

  constructor(runs: RunManager) {
    this.#runs = runs;
  }

  /** Records a new run on `sessionId`. */
  add(run: RunLog, sessionId: string): void {
    let live = this.#live.get(sessionId);
    if (!live) this.#live.set(sessionId, (live = new Set()));
    live.add(run);
    void run.done.then(() => {
      live.delete(run);
      if (live.size === 0 && this.#live.get(sessionId) === live) this.#live.delete(sessionId);
    });
  }

  /**
   * The run `runId` if `ownerHash` owns it.
   * @throws AppError UNKNOWN_RUN when it is unknown, expired, not a native run, or another client's
   * @throws AppError BACKEND_UNAVAILABLE (clustered mode, Redis down)
   */
  async find(runId: string, ownerHash: string): Promise<RunStream> {
    const run = await this.#runs.get(runId, ownerHash);
    if (!run || run.api !== 'native')
      throw new AppError('UNKNOWN_RUN', `Unknown or expired run "${runId.slice(0, 64)}".`);
    return run;
  }

  /** Cancels the unfinished runs of a session and waits (at most `timeoutMs`) until they have ended. */
  async stopSession(sessionId: string, timeoutMs: number): Promise<void> {
    const live = [...(this.#live.get(sessionId) ?? [])];
    for (const run of live) this.#runs.cancel(run.id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(live.map((run) => run.done)), timeout]);
    clearTimeout(timer);
  }
}
