import type { PlatformErrorKind } from './platform-error.js';
import type { WebApiError } from './schemas/web-api-envelope.js';

/**
 * The kind of an HTTP error status.
 * @param status - an HTTP status of 400 or more
 */
export function kindOfHttpStatus(status: number): PlatformErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server';
  return 'validation';
}

const NOT_FOUND =
  /not\s*found|does\s*not\s*exist|doesn't\s*exist|not\s*exist|cannot\s*get\s*id|no\s*such|unknown\s*(alias|object)|не\s*найден|не\s*существует/i;
const CONFLICT =
  /already\s*(exist|used|in\s*use|taken)|duplicate|not\s*unique|уже\s*(существует|используется)|занят/i;
const DENIED = /access\s*denied|unauthori[sz]ed|forbidden|permission|нет\s*прав|доступ\s*запрещ/i;

/**
 * The kind of a logical error (HTTP 200 with `success: false`), from the platform's message and exception types.
 * The platform has no error codes, so this reads the text; anything unrecognised is a `validation` refusal.
 * @param error - the envelope's `error`
 */
export function kindOfWebApiError(error: WebApiError | null | undefined): PlatformErrorKind {
  const text = flattenWebApiError(error)
    .map((e) => `${e.type ?? ''} ${e.message ?? ''}`)
    .join(' ');
  if (/NotFound|ObjectNotExist/i.test(text) || NOT_FOUND.test(text)) return 'not_found';
  if (/Duplicate|AlreadyExist|Conflict/i.test(text) || CONFLICT.test(text)) return 'conflict';
  if (/AccessDenied|Unauthori[sz]ed|Security/i.test(text) || DENIED.test(text)) return 'auth';
  return 'validation';
}

/**
 * A readable one-line summary of a `WebApiError` chain: the messages, then the exception types in brackets.
 * @param error - the envelope's `error`
 */
export function describeWebApiError(error: WebApiError | null | undefined): string {
  const chain = flattenWebApiError(error);
  const messages = [...new Set(chain.map((e) => e.message?.trim() ?? '').filter((m) => m !== ''))];
  const types = [...new Set(chain.map((e) => e.type?.trim() ?? '').filter((t) => t !== ''))];
  const text = messages.join(': ');
  const typeText = types.length > 0 ? `[${types.join(' > ')}]` : '';
  // The platform says nothing more when it guards an object; say what that usually means.
  const hint = types.includes('InterceptedException')
    ? 'the platform protects this object (system attributes, buttons and toolbars cannot be changed this way)'
    : '';
  return [text, typeText, hint].filter((s) => s !== '').join(' ') || 'no details given';
}

function flattenWebApiError(error: WebApiError | null | undefined): WebApiError[] {
  const chain: WebApiError[] = [];
  let current = error ?? undefined;
  // The chain is short in practice; the bound guards against a cyclic or absurdly deep body.
  while (current && chain.length < 10) {
    chain.push(current);
    current = current.inner ?? undefined;
  }
  return chain;
}
