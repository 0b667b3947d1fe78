import type { ServerResponse } from 'node:http';

/** Headers every event stream answers with. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // No `connection` header: Node adds `Connection: keep-alive` with `Keep-Alive: timeout=…` itself; setting it by
  // hand drops the timeout hint, and clients then close idle connections early and reconnect.
  // Ask reverse proxies (nginx) not to buffer the stream.
  'x-accel-buffering': 'no',
} as const;

/**
 * Writes Server-Sent Events to one response: frames in order, waiting for `drain` when the socket is full,
 * a heartbeat after `heartbeatMs` of silence, and an abort signal that fires when the client goes away.
 * Writing after the client left is a no-op, never a crash.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  readonly #heartbeatMs: number;
  readonly #heartbeat: string;
  readonly #abort = new AbortController();
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #ended = false;

  /**
   * @param res - the raw response, not yet written to
   * @param options.heartbeatMs - silence before a heartbeat frame
   * @param options.heartbeat - the heartbeat frame's text (it differs between protocols)
   */
  constructor(res: ServerResponse, options: { heartbeatMs: number; heartbeat: string }) {
    this.#res = res;
    this.#heartbeatMs = options.heartbeatMs;
    this.#heartbeat = options.heartbeat;
    res.on('close', () => {
      clearTimeout(this.#timer);
      this.#abort.abort('disconnect');
    });
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    this.#arm();
  }

  /** Aborts when the client disconnects or the stream ends. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Queues a raw frame (it must end with a blank line); resolves when written or when the client is gone. */
  write(frame: string): Promise<void> {
    this.#chain = this.#chain.then(() => this.#write(frame));
    return this.#chain;
  }

  /** Queues `event: <name>` with a JSON `data:` line. */
  event(name: string, data: unknown): Promise<void> {
    return this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the response after queued frames. */
  async end(): Promise<void> {
    await this.#chain;
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    if (!this.#res.destroyed) this.#res.end();
    this.#abort.abort('end');
  }

  async #write(frame: string): Promise<void> {
    if (this.#ended || this.#res.destroyed || this.#abort.signal.aborted) return;
    this.#arm();
    if (this.#res.write(frame)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.write(this.#heartbeat), this.#heartbeatMs);
  }
}
