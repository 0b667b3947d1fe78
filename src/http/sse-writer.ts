import type { Server, ServerResponse } from 'node:http';

/** Headers every event stream answers with. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // No `connection` header: Node adds `Connection: keep-alive` with `Keep-Alive: timeout=…` itself; setting it by
  // hand drops the timeout hint, and clients then close idle connections early and reconnect.
  // Ask reverse proxies (nginx) not to buffer the stream.
  'x-accel-buffering': 'no',
} as const;

/** Counts the event streams of one server (metrics): told when each opens and when it closes. */
export interface StreamObserver {
  opened(): void;
  closed(): void;
}

/** Observers by the HTTP server whose connections carry the streams: several servers may share a process. */
const streamObservers = new WeakMap<Server, StreamObserver>();

/**
 * Tells `observer` of every event stream opened on `server`'s connections and of its close.
 * @param server - the listening HTTP server (Fastify's `app.server`)
 */
export function observeStreams(server: Server, observer: StreamObserver): void {
  streamObservers.set(server, observer);
}

/** The observer of the server that accepted `res`'s connection (Node sets `socket.server` on accept). */
function observerOf(res: ServerResponse): StreamObserver | undefined {
  const server = (res.socket as { server?: unknown } | null)?.server;
  return server && typeof server === 'object' ? streamObservers.get(server as Server) : undefined;
}

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
  /** The frames queued while the socket is full: written in order once it drains. */
  #chain: Promise<void> | undefined;
  #timer: NodeJS.Timeout;
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
    const observer = observerOf(res);
    observer?.opened();
    res.on('close', () => {
      clearTimeout(this.#timer);
      this.#abort.abort('disconnect');
      observer?.closed();
    });
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    // One timer for the stream's life, pushed back by each frame (`refresh` allocates nothing).
    this.#timer = setTimeout(this.#beat, this.#heartbeatMs);
  }

  /** Aborts when the client disconnects or the stream ends. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Queues a raw frame (it must end with a blank line); resolves when written or when the client is gone. */
  write(frame: string): Promise<void> {
    // The usual case, a socket with room: written now, no promise chained.
    if (this.#chain === undefined) {
      if (this.#write(frame)) return WRITTEN;
      const drained = this.#drained().then(() => {
        if (this.#chain === drained) this.#chain = undefined;
      });
      this.#chain = drained;
      return drained;
    }
    const queued: Promise<void> = this.#chain.then(async () => {
      if (!this.#write(frame)) await this.#drained();
      if (this.#chain === queued) this.#chain = undefined;
    });
    this.#chain = queued;
    return queued;
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

  /** Writes a frame; false when the socket is full (the caller waits for {@link #drained}). */
  #write(frame: string): boolean {
    if (this.#ended || this.#res.destroyed || this.#abort.signal.aborted) return true;
    this.#timer.refresh();
    return this.#res.write(frame);
  }

  /** Resolves when the socket drained or closed. */
  #drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  readonly #beat = () => {
    if (this.#ended || this.#res.destroyed) return;
    void this.write(this.#heartbeat);
  };
}

/** What `write` returns for a frame written at once. */
const WRITTEN = Promise.resolve();
