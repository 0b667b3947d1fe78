/**
 * Lets runs begin their agent work one per turn of the event loop. Starting a run — picking the model, reading the
 * history, building its tools, preparing the first LLM request — is a millisecond or two of synchronous work; a
 * thousand runs admitted at once would otherwise do it all in one stretch, and for that long no stream would move
 * and no health check would answer. Here each start waits for its turn: at most one a loop turn, in the order they
 * came, with every I/O callback in between. Without a backlog a start goes on in the same turn it asked (the
 * check phase right after the I/O that asked), so a lone run waits for nothing.
 */
export class StartPacer {
  readonly #waiting: (() => void)[] = [];
  #scheduled = false;

  /** Resolves when this start may do its work. */
  turn(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  /** How many starts wait for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // The start's synchronous work runs in the microtasks right after this callback, before the next one.
      this.#waiting.shift()?.();
      if (this.#waiting.length > 0) this.#schedule();
    });
  }
}
