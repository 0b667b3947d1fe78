import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** After answering, how long the rest of an unread body may take to arrive before the connection is closed. */
const DRAIN_MAX_MS = 10_000;
/** After answering, how many more body bytes are read (and discarded), as a multiple of `BODY_LIMIT_BYTES`. */
const DRAIN_BODY_LIMITS = 4;

/**
 * Lets a client that is still sending its body read the answer it already got (413 for a body over the limit,
 * 401 from the key check, 404, 503 …).
 *
 * Fastify answers such a request with `Connection: close`, and Node then closes the socket while the client is
 * still writing; the unread bytes make the kernel send a reset, and a client that writes its whole body before
 * reading (Node's `fetch`, hence the `openai` SDK and `@gradio/client`) reports `fetch failed` instead of the
 * answer. So the answer keeps the connection open, and Node reads and discards the rest of the body behind it, as
 * it does for any body a handler leaves unread (HTTP framing stays intact, so the connection can be reused). That
 * read is bounded: at most `4 × BODY_LIMIT_BYTES` more bytes and 10 s (`REQUEST_TIMEOUT_S` may end it sooner),
 * after which the connection is closed. A body that declares more than that is not drained at all: the answer
 * goes out with `Connection: close` at once.
 * @param bodyLimitBytes - `BODY_LIMIT_BYTES`
 */
export function installBodyDrain(app: FastifyInstance, bodyLimitBytes: number): void {
  const maxBytes = DRAIN_BODY_LIMITS * bodyLimitBytes;
  app.addHook('onSend', (request, reply, payload, done) => {
    const raw = request.raw;
    if (!raw.complete && !raw.destroyed) {
      const declared = Number(raw.headers['content-length']);
      if (declared > maxBytes) {
        reply.header('connection', 'close');
      } else {
        reply.removeHeader('connection');
        reply.raw.once('finish', () => boundDrain(raw, maxBytes, DRAIN_MAX_MS));
      }
    }
    done(null, payload);
  });
}

/** Connections reading the rest of a body whose request has been answered. */
const draining = new WeakSet<Socket>();

/** Whether this connection's current request has been answered and only the rest of its body is being read. */
export function isDraining(socket: Socket): boolean {
  return draining.has(socket);
}

/** Watches the discarding read Node started when the answer finished; closes the connection past a bound. */
function boundDrain(raw: IncomingMessage, maxBytes: number, maxMs: number): void {
  if (raw.complete || raw.destroyed) return;
  const socket = raw.socket;
  draining.add(socket);
  let read = 0;
  const close = () => {
    cleanup();
    socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > maxBytes) close();
  };
  const timer = setTimeout(close, maxMs);
  const cleanup = () => {
    draining.delete(socket);
    clearTimeout(timer);
    raw.off('data', onData);
    raw.off('end', cleanup);
    raw.off('close', cleanup);
  };
  raw.on('data', onData);
  raw.once('end', cleanup);
  raw.once('close', cleanup);
  // Node resumed the body already (or Fastify's body reader had); this makes sure it flows either way.
  raw.resume();
}
