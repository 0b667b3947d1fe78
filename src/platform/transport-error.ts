import { displayUrl } from './check-platform-url.js';
import { BlockedAddressError } from './guarded-lookup.js';
import { PlatformError } from './platform-error.js';

/** What {@link transportError} needs to know about the failed call. */
export interface TransportErrorContext {
  /** The call, e.g. `POST webapi/Solution`. */
  readonly what: string;
  /** The platform's origin, for the message. */
  readonly origin: string;
  readonly timeoutMs: number;
  /** The run's signal: when it fired, the call was cancelled, not failed. */
  readonly callerSignal: AbortSignal | undefined;
  /** Whether the call's own timeout fired. */
  readonly timedOut: boolean;
  /** Removes secrets from text. */
  readonly clean: (text: string) => string;
}

/**
 * What to throw when a call got no HTTP answer: the run's abort (a cancel is not a platform failure), a
 * `timeout`, a `refused_url` when the DNS guard refused the address, or a `network` error.
 * @param error - what the HTTP stack threw
 * @param ctx - the call
 */
export function transportError(error: unknown, ctx: TransportErrorContext): unknown {
  if (ctx.callerSignal?.aborted) return abortError(ctx.callerSignal);
  const code = errorCode(error);
  if (ctx.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const seconds = Math.round(ctx.timeoutMs / 100) / 10;
    return new PlatformError(
      'timeout',
      `The platform did not answer ${ctx.what} within ${seconds} s (CMW_TIMEOUT_S); the request was aborted. A slow operation (such as creating an application) may still finish on the platform: check before retrying.`,
      { cause: error },
    );
  }
  const blocked = findCause(error, (e) => e instanceof BlockedAddressError);
  if (blocked instanceof BlockedAddressError) {
    return new PlatformError(
      'refused_url',
      `The platform host ${blocked.hostname} resolves to a link-local or cloud metadata address (${blocked.address}); such addresses are never contacted.`,
      { cause: error },
    );
  }
  return new PlatformError(
    'network',
    `Could not reach the platform at ${displayUrl(ctx.origin)} (${ctx.clean(describe(error))}). Check the platform URL and that the server is up.`,
    { cause: error },
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function findCause(error: unknown, test: (e: unknown) => boolean): unknown {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1`-style text from an error and its causes. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = errorCode(current);
    const text = current.message && current.message !== 'fetch failed' ? current.message : '';
    const part = [code, text].filter((s) => s && s !== '').join(' ');
    if (part !== '' && !parts.includes(part)) parts.push(part);
    current = current.cause;
  }
  return parts.join('; ') || 'connection failed';
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'The operation was aborted.', 'AbortError');
}
