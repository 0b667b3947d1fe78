import { AppError } from '../../errors/app-error.js';
import type { RunLog } from '../../runs/run-log.js';
import type { RunManager } from '../../runs/run-manager.js';

/**
 * Which client owns each native run, and which runs of a session have not ended. Owners are kept beside the run
 * logs (weakly: a run the registry drops is forgotten here too), so runs of other surfaces stay invisible to the
 * native API.
 */
export class NativeRunIndex {
  readonly #runs: RunManager;
  readonly #owners = new WeakMap<RunLog, string>();
  readonly #live = new Map<string, Set<RunLog>>();

  constructor(runs: RunManager) {
    this.#runs = runs;
  }

  /** Records a new run of `ownerHash` on `sessionId`. */
  add(run: RunLog, ownerHash: string, sessionId: string): void {
    this.#owners.set(run, ownerHash);
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
   */
  find(runId: string, ownerHash: string): RunLog {
    const run = this.#runs.get(runId);
    if (!run || this.#owners.get(run) !== ownerHash)
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
