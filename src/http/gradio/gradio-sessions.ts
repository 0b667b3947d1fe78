import type { RunLog } from '../../runs/run-log.js';
import type { GradioEndpoint } from './gradio-endpoints.js';

/** A job of the queue protocol: one run, joined by one client session. */
export interface GradioJob {
  /** Gradio's `event_id`: the run id. */
  readonly eventId: string;
  readonly endpoint: GradioEndpoint;
  readonly run: RunLog;
  readonly sessionHash: string;
}

/** Called when a job joins a session that has a `/queue/data` stream open. */
export type JoinListener = (job: GradioJob) => void;

/** An open `/queue/data` stream's hold on its session. */
export interface SessionAttachment {
  /** The session's jobs whose `process_completed` no stream has delivered yet, oldest first. */
  readonly pending: readonly GradioJob[];
  /** Lets go of the session (the stream ended). */
  detach(): void;
}

interface Session {
  /** Jobs not yet delivered to the client, by event id, in join order. */
  readonly pending: Map<string, GradioJob>;
  readonly listeners: Set<JoinListener>;
}

/**
 * The client sessions of the Gradio queue protocol (`session_hash` → its jobs). A job stays pending from its
 * join until a `/queue/data` stream has written its `process_completed`, so a stream opened late still gets
 * it (the run log is the buffer: streams replay it). A session is forgotten once nothing is pending and no
 * stream is open. Jobs stay known by event id (for `/cancel`, which must name their session) until
 * `retentionMs` after their run ended.
 */
export class GradioSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #jobs = new Map<string, GradioJob>();
  /** Event ids of jobs their own client cancelled (`/cancel`), as opposed to runs the server stopped. */
  readonly #cancelled = new Set<string>();
  readonly #retentionMs: number;

  /** @param options.retentionMs - how long a job stays known after its run ended (`RUN_RETENTION_S`) */
  constructor(options: { retentionMs: number }) {
    this.#retentionMs = options.retentionMs;
  }

  /** Adds a job to its session and hands it to the session's open streams. */
  add(job: GradioJob): void {
    let session = this.#sessions.get(job.sessionHash);
    if (!session) {
      session = { pending: new Map(), listeners: new Set() };
      this.#sessions.set(job.sessionHash, session);
    }
    session.pending.set(job.eventId, job);
    this.#jobs.set(job.eventId, job);
    for (const listener of [...session.listeners]) listener(job);
  }

  /**
   * The job `eventId` if `sessionHash` is the session that joined it: another session's job, like an unknown or
   * expired one, is undefined (Gradio's `/cancel` too acts only on the event in the session it names).
   */
  jobOf(eventId: string, sessionHash: string | null | undefined): GradioJob | undefined {
    const job = this.#jobs.get(eventId);
    return job !== undefined && job.sessionHash === sessionHash ? job : undefined;
  }

  /** Records that the job's client asked to cancel it: its stream then ends it as Gradio ends a cancelled job. */
  markCancelled(job: GradioJob): void {
    if (this.#jobs.get(job.eventId) === job) this.#cancelled.add(job.eventId);
  }

  /** Whether the job's own client cancelled it (see {@link GradioSessions.markCancelled}). */
  cancelledByClient(job: GradioJob): boolean {
    return this.#cancelled.has(job.eventId);
  }

  /**
   * Opens a stream's hold on a session: the pending jobs now, and `onJoin` for each job that joins later.
   * Returns undefined for a session that has never joined a job, or has been forgotten.
   */
  attach(sessionHash: string, onJoin: JoinListener): SessionAttachment | undefined {
    const session = this.#sessions.get(sessionHash);
    if (!session) return undefined;
    session.listeners.add(onJoin);
    return {
      pending: [...session.pending.values()],
      detach: () => {
        session.listeners.delete(onJoin);
        this.#forgetIfIdle(sessionHash, session);
      },
    };
  }

  /** Whether the session has jobs whose completion no stream has delivered. */
  hasPending(sessionHash: string): boolean {
    return (this.#sessions.get(sessionHash)?.pending.size ?? 0) > 0;
  }

  /** Records that a stream wrote the job's `process_completed`: it is no longer pending in its session. */
  delivered(job: GradioJob): void {
    const session = this.#sessions.get(job.sessionHash);
    if (!session) return;
    session.pending.delete(job.eventId);
    this.#forgetIfIdle(job.sessionHash, session);
  }

  /** Drops jobs whose run ended more than the retention ago, and the sessions left idle. */
  sweep(now = Date.now()): void {
    for (const [eventId, job] of this.#jobs) {
      const endedAt = job.run.endedAt;
      if (endedAt === undefined || now - endedAt <= this.#retentionMs) continue;
      this.#jobs.delete(eventId);
      this.#cancelled.delete(eventId);
      const session = this.#sessions.get(job.sessionHash);
      if (!session) continue;
      session.pending.delete(eventId);
      this.#forgetIfIdle(job.sessionHash, session);
    }
  }

  #forgetIfIdle(sessionHash: string, session: Session): void {
    if (session.pending.size === 0 && session.listeners.size === 0) this.#sessions.delete(sessionHash);
  }
}
