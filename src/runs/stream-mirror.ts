import { AppError, isAppError } from '../errors/app-error.js';
import type { RunEvent } from './run-event.js';
import type { RunStream } from './run-stream.js';

/**
 * Copies the events of a run kept in this process to its shared stream (clustered mode), in order, one append at a
 * time, so readers on other instances see the same events with the same `seq`. When the copy fails — Redis does not
 * answer, or another instance already ended the run (its lease had expired) — `onFailure` is told once, and the
 * run is stopped by its owner.
 */
export class StreamMirror {
  readonly #target: RunStream;
  readonly #onFailure: (error: AppError) => void;
  #tail: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(target: RunStream, onFailure: (error: AppError) => void) {
    this.#target = target;
    this.#onFailure = onFailure;
  }

  /** Queues `event` for the shared stream; ignored once a copy has failed. */
  push(event: RunEvent): void {
    if (this.#failed) return;
    const { seq, at: _at, ...body } = event;
    this.#tail = this.#tail.then(async () => {
      if (this.#failed) return;
      try {
        const written = await this.#target.append(body);
        if (written?.seq !== seq)
          this.#fail(
            new AppError(
              'INSTANCE_LOST',
              'This run was closed by another instance after its lease expired; ask again.',
            ),
          );
      } catch (error) {
        this.#fail(
          isAppError(error)
            ? error
            : new AppError('BACKEND_UNAVAILABLE', 'Redis (REDIS_URL) did not take a run event.', {
                cause: error,
              }),
        );
      }
    });
  }

  /** Settles when every event pushed so far has been written (or the copy failed). */
  flushed(): Promise<void> {
    return this.#tail;
  }

  #fail(error: AppError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#onFailure(error);
  }
}
