import type { PlatformCallObserver } from '../platform/platform-client.js';
import type { RunEvent } from './run-event.js';
import type { RunApi } from './run-log.js';

/** What an observer learns of the run an event belongs to. */
export interface ObservedRun {
  readonly id: string;
  /** The surface that created it. */
  readonly api: RunApi;
}

/**
 * Watches runs without taking part in them (the server's metrics): every event appended to any run's log, and
 * every platform call a run's tools make. Observers must not throw; they see what readers of the log see.
 */
export interface RunObserver {
  /**
   * Called after `event` was appended to `run`'s log; `run` is the same object for every event of one run (the
   * in-process `RunLog`, or whatever log keeps the run).
   */
  onEvent(event: RunEvent, run: ObservedRun): void;
  /** Called when a platform call of a run's tools ends. */
  readonly onPlatformCall?: PlatformCallObserver;
}
