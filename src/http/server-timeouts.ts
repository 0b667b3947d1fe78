/** The Node HTTP server's timeouts, chosen together (see {@link serverTimeouts}). */
export interface ServerTimeouts {
  /** Longest time to receive a whole request, headers and body (`REQUEST_TIMEOUT_S`); 0 is off. */
  readonly requestTimeout: number;
  /** Longest time to receive the request line and headers. */
  readonly headersTimeout: number;
  /** How long an idle keep-alive connection is kept between requests. */
  readonly keepAliveTimeout: number;
  /** How often Node looks for requests past `requestTimeout` / `headersTimeout`. */
  readonly connectionsCheckingInterval: number;
}

/**
 * Headers are one small packet for every real client; 10 s allows a slow mobile link and still ends a slowloris
 * connection (headers trickled forever) quickly. Node requires it to be at most `requestTimeout`.
 */
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Longer than the idle timeout of the proxies that usually sit in front (AWS ALB and nginx `keepalive_timeout` use
 * 60 s), so the proxy, never this server, closes an idle upstream connection: otherwise a proxy may send a
 * request on a socket the server is closing at that moment and answer its client 502. Idle connections are
 * bounded by `MAX_CONNECTIONS` / `MAX_CONNECTIONS_PER_IP`. (Fastify's own default, for the same reason.)
 */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * The server's timeouts for a given `REQUEST_TIMEOUT_S`. They bound how long the server waits for a client to
 * *send* something: a request's headers, its whole body, the next request on an idle connection. Node stops
 * timing a request once its body has arrived, so responses — the event streams above all — are never cut by them.
 * The socket inactivity timeout stays off: an event stream may be quiet between heartbeats by design.
 * @param requestTimeoutMs - `REQUEST_TIMEOUT_S` in ms; 0 turns the request timeout off (headers stay timed)
 */
export function serverTimeouts(requestTimeoutMs: number): ServerTimeouts {
  const headersTimeout =
    requestTimeoutMs > 0 ? Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs) : HEADERS_TIMEOUT_MS;
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node's default check runs every 30 s, which would let a stalled request live up to 30 s past its timeout.
    // A check walks only the requests still being received, so once a second (faster for short timeouts) is cheap.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.round(headersTimeout / 4))),
  };
}
