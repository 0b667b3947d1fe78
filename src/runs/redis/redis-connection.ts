import { Redis } from 'ioredis';
import { AppError, isAppError } from '../../errors/app-error.js';

/** How long a Redis command may take before the caller is told the backend is unavailable (the issue's ≤ 5 s). */
export const REDIS_COMMAND_TIMEOUT_MS = 4_000;

/** How to reach Redis and where our keys live. */
export interface RedisTarget {
  /** `redis://[user:password@]host:port[/db]` (`REDIS_URL`). */
  readonly url: string;
  /** Put before every key, e.g. `cmw:`; one Redis can serve several deployments (and test runs). */
  readonly keyPrefix: string;
}

/**
 * Opens a connection that fails fast instead of queueing forever: a command gets one reconnection attempt and at
 * most {@link REDIS_COMMAND_TIMEOUT_MS}, so a request meets a clear BACKEND_UNAVAILABLE while Redis is down, and the
 * connection keeps reconnecting in the background so the instance recovers by itself when Redis returns.
 * A blocking command must block for less than the timeout (`StreamFanOut` blocks 2 s at most), so that even a
 * connection that died without a word is noticed.
 * @param name - the connection's `CLIENT SETNAME` (shown by `CLIENT LIST`: operators see who holds a connection)
 */
export function openRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Commands that were on the wire when the connection dropped fail instead of being sent again later: a
    // blocking read or a script must not run twice, long after its caller gave up.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Errors surface through the commands that fail; an 'error' event without a listener would crash the process.
  redis.on('error', () => {});
  return redis;
}

/**
 * What a failed Redis call becomes: an AppError passes through, anything else (refused connection, timeout, a
 * dropped socket) is BACKEND_UNAVAILABLE with the cause kept for the log.
 * @param what - what was being done, for the message
 */
export function redisFailure(error: unknown, what: string): AppError {
  if (isAppError(error)) return error;
  return new AppError(
    'BACKEND_UNAVAILABLE',
    `Redis (REDIS_URL) did not answer while ${what}; try again shortly.`,
    { cause: error },
  );
}
