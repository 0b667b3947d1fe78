/** A run this browser started and has not seen the end of: followed again after a reload. */
export interface PendingRun {
  readonly runId: string;
  readonly sessionId: string;
  readonly question: string;
  readonly createdAt: string;
  /** Turns the session had before this run; more on reload means the run's turn is already stored. */
  readonly turnsBefore: number;
}

const STORAGE_KEY = 'cmw.pendingRun';

/** The remembered run, if any. */
export function readPendingRun(storage: Storage = sessionStorage): PendingRun | undefined {
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as PendingRun | null;
    return value && typeof value.runId === 'string' && typeof value.sessionId === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the run being followed. */
export function rememberPendingRun(run: PendingRun, storage: Storage = sessionStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(run));
}

/** Forgets it once its end was seen. */
export function forgetPendingRun(runId: string, storage: Storage = sessionStorage): void {
  if (readPendingRun(storage)?.runId === runId) storage.removeItem(STORAGE_KEY);
}
