/**
 * The time one event-loop turn may spend on work that spreads itself over turns (run start-ups, request handling):
 * a slice begins with the turn's first piece of that work and lasts `ms`; a callback of the turn's check phase
 * closes it, so the next turn begins a new one. Shared by `StartPacer` and the HTTP layer's `RequestPacer`.
 */
export class TurnSlice {
  readonly #ms: number;
  #start = 0;
  /** Whether a slice has begun in this loop turn. */
  #inTurn = false;
  readonly #endTurn = () => {
    this.#inTurn = false;
  };

  /** @param ms - how long a slice lasts */
  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Whether this loop turn's slice has time left; begins one if none has begun in this turn. */
  left(): boolean {
    if (this.#inTurn) return this.lasts();
    this.begin();
    return true;
  }

  /** Begins a slice now (the work of a new turn starts). */
  begin(): void {
    this.#start = performance.now();
    if (this.#inTurn) return;
    this.#inTurn = true;
    setImmediate(this.#endTurn);
  }

  /** Whether the slice begun last still has time. */
  lasts(): boolean {
    return performance.now() - this.#start < this.#ms;
  }
}
