/**
 * Limits how often a stream view sends intermediate frames (`STREAM_MAX_FPS`): the first change goes out at
 * once, later ones at most once per `1 / maxFps` seconds, and a trailing timer makes sure the latest state before
 * a pause is always sent. Final frames bypass it: call {@link FrameThrottle.cancel} and send them directly.
 */
export class FrameThrottle {
  readonly #minIntervalMs: number;
  readonly #send: () => boolean;
  #lastFrameAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param maxFps - most frames per second
   * @param send - sends a frame of the current state; returns false when there was nothing new to send, in
   *   which case the interval does not restart
   */
  constructor(maxFps: number, send: () => boolean) {
    this.#minIntervalMs = 1000 / maxFps;
    this.#send = send;
  }

  /** The state changed: sends now when the interval allows, else once it has passed (one pending send at most). */
  request(): void {
    if (this.#timer) return;
    const wait = this.#lastFrameAt + this.#minIntervalMs - performance.now();
    if (wait <= 0) this.#fire();
    else this.#timer = setTimeout(() => this.#fire(), wait);
  }

  /** Drops a pending send: the final frame is about to go out, or the stream is over. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#send()) this.#lastFrameAt = performance.now();
  }
}
