import { TurnSlice } from './turn-slice.js';

/**
 * Start-up work done in one stretch before the event loop gets a turn, ms. Smaller slices keep the loop freer but
 * start a burst more slowly when the server is saturated (BENCHMARKS.md, figure 8: 5, 8, 10, 25 and 50 ms measured).
 */
export const START_SLICE_MS = 5;

/** Ends a start's turn: called when its start-up work is done (or failed). Idempotent. */
export type EndTurn = () => void;

/**
 * Lets runs do their start-up work — picking the model, reading the history, building the tools, preparing the
 * first LLM request, about a millisecond of synchronous work each — in slices of about {@link START_SLICE_MS} ms,
 * with a turn of the event loop between slices. A thousand runs admitted at once would otherwise do it all in one
 * stretch of seconds, during which no stream moves and no health check answers. Starts go in the order they came;
 * each holds its turn until it calls the {@link EndTurn} it got, and the next one goes on at once while the slice
 * lasts.
 *
 * Without a backlog a start goes on in the event-loop turn that asked, once the promises settled so far have run
 * (so the request that started the run has its answer written first): a lone run's LLM request leaves before the
 * loop turns to other work. Starts that come one by one in the same loop turn (a burst of requests read together)
 * share that turn's slice; once it is used up, the rest wait for the next slice.
 */
export class StartPacer {
  readonly #waiting: ((end: EndTurn) => void)[] = [];
  /** Whether a start holds the turn now. */
  #busy = false;
  readonly #slice = new TurnSlice(START_SLICE_MS);
  #scheduled = false;

  /** Resolves when this start may do its work, with the function that ends its turn. */
  turn(): Promise<EndTurn> {
    return new Promise<EndTurn>((resolve) => {
      this.#waiting.push(resolve);
      if (this.#busy || this.#scheduled) return;
      if (!this.#slice.left()) {
        this.#schedule();
        return;
      }
      this.#scheduled = true;
      process.nextTick(() => {
        this.#scheduled = false;
        if (!this.#busy) this.#next();
      });
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
      this.#slice.begin();
      this.#next();
    });
  }

  /** Gives the turn to the next start, in this slice or, once it is used up, after a loop turn. */
  #next(): void {
    const resolve = this.#waiting.shift();
    if (!resolve) {
      this.#busy = false;
      return;
    }
    this.#busy = true;
    let ended = false;
    resolve(() => {
      if (ended) return;
      ended = true;
      if (this.#waiting.length === 0) this.#busy = false;
      else if (this.#slice.lasts()) this.#next();
      else {
        this.#busy = false;
        this.#schedule();
      }
    });
  }
}
