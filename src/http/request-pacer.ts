import type { FastifyInstance } from 'fastify';
import { TurnSlice } from '../runs/turn-slice.js';

/** Request handling done in one event-loop turn before further requests wait for later turns, ms. */
export const REQUEST_SLICE_MS = 5;

/** Routes answered at once, whatever waits: the probes, which must not fail because a burst is being served. */
const UNPACED_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Spreads the handling of a burst of requests over event-loop turns. Node reads every connection with data in one
 * stretch of the loop and runs each request's handler in it, so a thousand requests read together (a burst of
 * `POST /call/ask_stream`, then their thousand `GET`s) were a third of a second or more during which no stream moved
 * and no timer fired. Here a request goes on at once while this loop turn has spent less than
 * {@link REQUEST_SLICE_MS} ms on requests; later ones wait, in the order they came, and go on one a loop turn,
 * each with the loop's timers and I/O between them. Without a burst nothing waits.
 */
export class RequestPacer {
  readonly #slice: TurnSlice;
  readonly #waiting: (() => void)[] = [];
  #draining = false;

  /** @param sliceMs - request handling one loop turn does before later requests wait */
  constructor(sliceMs = REQUEST_SLICE_MS) {
    this.#slice = new TurnSlice(sliceMs);
  }

  /** Calls `go` now, if nothing waits and this loop turn's slice lasts, or in a later loop turn. */
  admit(go: () => void): void {
    if (this.#waiting.length === 0 && this.#slice.left()) {
      go();
      return;
    }
    this.#waiting.push(go);
    if (this.#draining) return;
    this.#draining = true;
    setImmediate(this.#goOne);
  }

  /** How many requests wait. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Lets the first waiting request go on; the next one goes on in the next loop turn. */
  readonly #goOne = () => {
    const go = this.#waiting.shift()!;
    if (this.#waiting.length > 0) setImmediate(this.#goOne);
    else this.#draining = false;
    go();
  };
}

/**
 * Installs a {@link RequestPacer} in front of every route but the probes: the first `onRequest` hook, so that a
 * waiting request has had no work done for it beyond Node's parsing and Fastify's routing.
 * @param app - the server, before other hooks are added
 * @param pacer - the pacer to use (a test's, to fill it)
 */
export function installRequestPacer(app: FastifyInstance, pacer = new RequestPacer()): RequestPacer {
  app.addHook('onRequest', (request, _reply, done) => {
    if (UNPACED_ROUTES.has(request.routeOptions.url ?? '')) done();
    else pacer.admit(() => done());
  });
  return pacer;
}
