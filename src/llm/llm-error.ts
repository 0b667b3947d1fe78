import { APICallError, RetryError } from 'ai';
import { AppError } from '../errors/app-error.js';
import { redactSecrets } from '../logging/redact-secrets.js';

/** Where the failing call went; used to name the variables a user should check. */
export interface LlmErrorContext {
  readonly provider: string;
  /** The env variable holding the provider's key, named in auth errors. */
  readonly keyVariable: string;
  /** The provider's base URL (its origin is named in connection errors). */
  readonly baseUrl: string;
  /** Whether part of the answer had already streamed when the call failed. */
  readonly streamed: boolean;
  /** Values that must never appear in the message. */
  readonly secrets: readonly (string | undefined)[];
}

/**
 * Turns whatever an LLM call threw into an {@link AppError} with a clear, secret-free message:
 * 401/403, 429, other 4xx, 5xx, refused connections, timeouts and streams cut in the middle each get a code.
 * @param error - the thrown value (AI SDK errors, fetch errors, aborts)
 * @param ctx - the provider and what had happened so far
 */
export function toLlmAppError(error: unknown, ctx: LlmErrorContext): AppError {
  const e = RetryError.isInstance(error) ? error.lastError : error;
  const clean = (text: string) => redactSecrets(text, ctx.secrets).slice(0, 500);
  const origin = safeOrigin(ctx.baseUrl);
  const who = `The LLM provider (${ctx.provider} at ${origin})`;

  // A 2xx APICallError means the response started fine and then broke while being read.
  if (APICallError.isInstance(e) && e.statusCode !== undefined && e.statusCode >= 400) {
    const status = e.statusCode;
    const detail = clean(providerMessage(e));
    if (status === 401 || status === 403)
      return new AppError(
        'LLM_AUTH_FAILED',
        `${who} rejected the credentials (HTTP ${status}). Check ${ctx.keyVariable}.${detail ? ` Provider said: ${detail}` : ''}`,
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
        `${who} failed with HTTP ${status}.${detail ? ` Provider said: ${detail}` : ''} Try again later.`,
        { cause: e },
      );
    return new AppError(
      'LLM_BAD_REQUEST',
      `${who} refused the request (HTTP ${status}).${detail ? ` Provider said: ${detail}` : ''} Check AGENT_DEFAULT_MODEL.`,
      { cause: e },
    );
  }

  const code = errorCode(e);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH')
    return new AppError(
      'LLM_UNAVAILABLE',
      `Cannot reach the LLM provider (${ctx.provider} at ${origin}): ${code}. Check the provider's base URL.`,
      {
        cause: e,
      },
    );
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
  return new AppError('LLM_ERROR', `${who} call failed: ${message}`, { cause: e });
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

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
