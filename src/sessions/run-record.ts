/**
 * How a recorded run stands. `running` until it ends; `interrupted` when a restart found it still running (the
 * process that drove it died: `kill -9`, a crash, a power cut).
 */
export type RunRecordStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** What is recorded when a run starts, so that a crash cannot lose its question. */
export interface RunStart {
  readonly runId: string;
  /** The (owner-scoped) conversation the run belongs to; runs without one are recorded but add no turn. */
  readonly sessionId: string | undefined;
  /** The run's owner, as for sessions: the turn that closes an interrupted run is stored under it. */
  readonly ownerHash: string;
  readonly question: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /**
   * The instance driving the run (clustered mode). Unset for a single process: every restart then closes it.
   */
  readonly instanceId?: string | undefined;
  /**
   * ISO 8601: until when the run's instance vouches for it (clustered mode, renewed while it runs). A restart
   * closes only runs without a lease or with an expired one, so live instances keep their runs.
   */
  readonly leaseExpiresAt?: string | undefined;
}

/** A run a restart found still `running`, now closed as `interrupted`. */
export interface InterruptedRun extends RunStart {
  /** The partial answer recorded so far; empty when none was recorded. */
  readonly answer: string;
}

/**
 * How long a finished run's record is kept (it matters only until the next start; a week leaves time to look into
 * a crash). Older ones are deleted when runs are recovered.
 */
export const RUN_RECORD_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** The status a finished run's record takes. */
export type RunEndStatus = Exclude<RunRecordStatus, 'running' | 'interrupted'>;
