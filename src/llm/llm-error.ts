import { APICallError, RetryError } from 'ai';
import { AppError } from '../errors/app-error.js';
import { redactSecrets } from '../logging/redact-secrets.js';
import { endSentence } from './end-sentence.js';

/** Where the failing call went; used to name the variables a user should check. */
export interface LlmErrorContext {
  readonly provider: string;
  /** The env variable holding the provider's key, named in auth errors. */
  readonly keyVariable: string;
  /** The env variable holding the provider's base URL, named in connection errors. */
  readonly baseUrlVariable: string;
  /** The provider's base URL (named, without credentials or query, in every message). */
  readonly baseUrl: string;
  /** Whether part of the answer had already streamed when the call failed. */
  readonly streamed: boolean;
  /** Values that must never appear in the message. */
  readonly secrets: readonly (string | undefined)[];
}

/** Network error codes that mean the provider could not be reached at all, with words for people. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/**
 * Turns whatever an LLM call threw into an {@link AppError} with a clear, secret-free message:
 * 401/403, 429, other 4xx, 5xx, refused connections, timeouts and streams cut in the middle each get a code.
 * Every sentence of the message ends with punctuation, the provider's own text included.
 * @param error - the thrown value (AI SDK errors, fetch errors, aborts)
 * @param ctx - the provider and what had happened so far
 */
export function toLlmAppError(error: unknown, ctx: LlmErrorContext): AppError {
  const e = RetryError.isInstance(error) ? error.lastError : error;
  const clean = (text: string) => redactSecrets(text, ctx.secrets).slice(0, 500);
  const who = `The LLM provider (${ctx.provider} at ${displayUrl(ctx.baseUrl)})`;
  const said = (detail: string) => (detail ? ` Provider said: ${endSentence(detail)}` : '');

  // A 2xx APICallError means the response started fine and then broke while being read.
  if (APICallError.isInstance(e) && e.statusCode !== undefined && e.statusCode >= 400) {
    const status = e.statusCode;
    const detail = clean(providerMessage(e));
    if (status === 401 || status === 403)
      return new AppError(
        'LLM_AUTH_FAILED',
        `${who} rejected the credentials (HTTP ${status}). Check ${ctx.keyVariable}.${said(detail)}`,
        { cause: e },
      );
    if (status === 429)
      return new AppError(
        'LLM_RATE_LIMITED',
        `${who} is rate limiting requests (HTTP 429). Try again shortly.`,
        {
          cause: e,
        },
      );
    if (status === 408 || status === 504)
      return new AppError('LLM_TIMEOUT', `${who} timed out (HTTP ${status}).`, { cause: e });
    if (status >= 500)
      return new AppError(
        'LLM_UNAVAILABLE',
        `${who} failed with HTTP ${status}.${said(detail)} Try again later.`,
        { cause: e },
      );
    return new AppError(
      'LLM_BAD_REQUEST',
      `${who} refused the request (HTTP ${status}).${said(detail)} Check AGENT_DEFAULT_MODEL.`,
      { cause: e },
    );
  }

  const code = errorCode(e);
  // A reset after part of the answer arrived is a cut stream, not an unreachable provider.
  if (code !== undefined && UNREACHABLE[code] !== undefined && !(ctx.streamed || code === 'ECONNRESET'))
    return new AppError('LLM_UNAVAILABLE', unreachableMessage(code, ctx), { cause: e });
  if (isTimeout(e)) return new AppError('LLM_TIMEOUT', `${who} did not answer in time.`, { cause: e });
  if (
    ctx.streamed ||
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    isTerminated(e) ||
    APICallError.isInstance(e)
  )
    return new AppError(
      'LLM_STREAM_INTERRUPTED',
      `${who} stream was cut off before the answer was complete.`,
      {
        cause: e,
      },
    );
  const message = e instanceof Error ? clean(e.message) : clean(String(e));
  return new AppError('LLM_ERROR', `${who} call failed: ${endSentence(message)}`, { cause: e });
}

/**
 * The message for a provider that cannot be reached, naming its URL, the cause and the variable to check.
 * @param code - the network error code, e.g. `ECONNREFUSED`, when there is one
 */
export function unreachableMessage(
  code: string | undefined,
  ctx: Pick<LlmErrorContext, 'provider' | 'baseUrl' | 'baseUrlVariable'>,
): string {
  const what = code === undefined ? 'network error' : `${UNREACHABLE[code] ?? 'network error'} (${code})`;
  return `Cannot reach the LLM provider (${ctx.provider}): ${what} at ${displayUrl(ctx.baseUrl)}. Check ${ctx.baseUrlVariable}.`;
}

/**
 * Whether a failed call says the provider is down rather than that this request was wrong: it could not be
 * reached, or it answered 5xx. Such failures count against readiness; a 4xx or an abort does not.
 * @param error - what one call to the provider threw
 */
export function isProviderDown(error: unknown): boolean {
  const e = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(e) && e.statusCode !== undefined) return e.statusCode >= 500;
  const code = errorCode(e);
  return code !== undefined && UNREACHABLE[code] !== undefined;
}

/** The first error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…) found on an error or its causes. */
export function networkErrorCode(error: unknown): string | undefined {
  return errorCode(error);
}

/** A base URL as messages show it: scheme, host, port and path, never credentials, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'an invalid URL';
  }
}

function providerMessage(e: APICallError): string {
  const data = e.data as { error?: { message?: unknown } } | undefined;
  if (typeof data?.error?.message === 'string') return data.error.message;
  return e.responseBody ? e.responseBody.slice(0, 300) : '';
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const name = (cur as { name?: unknown }).name;
    if (name === 'TimeoutError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

function isTerminated(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const message = (cur as { message?: unknown }).message;
    if (typeof message === 'string' && /terminated|other side closed|premature close/i.test(message))
      return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
