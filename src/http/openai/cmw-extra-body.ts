import { z } from 'zod';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';
import { describeIssue } from '../describe-issue.js';
import { OpenAiParamError } from './openai-error.js';

/** The fields of `cmw_extra_body`; unknown fields are ignored so clients can send more later. */
const cmwExtraBodySchema = z.looseObject({
  session_id: z.string().max(MAX_SESSION_ID_LENGTH).nullish(),
  cmw_base_url: z.string().max(2048).nullish(),
  cmw_login: z.string().max(1024).nullish(),
  cmw_password: z.string().max(1024).nullish(),
});

/** What `cmw_extra_body` carries, validated. */
export interface CmwExtraBody {
  readonly sessionId: string | undefined;
  readonly credentials: PlatformCredentials;
}

/**
 * Reads a `cmw_extra_body` value (from the request body or from a system message).
 * @param value - the raw value
 * @param param - where it came from, named in errors (`cmw_extra_body`, `messages[0].content`)
 * @throws OpenAiParamError INVALID_BODY when it is not an object or a field has the wrong type
 */
export function parseCmwExtraBody(value: unknown, param: string): CmwExtraBody {
  const parsed = cmwExtraBodySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OpenAiParamError('INVALID_BODY', describeIssue(issue, value, 'cmw_extra_body'), param);
  }
  const e = parsed.data;
  const trimmed = (s: string | null | undefined) => (s?.trim() ? s.trim() : undefined);
  const baseUrl = trimmed(e.cmw_base_url);
  const username = trimmed(e.cmw_login);
  const password = e.cmw_password ? e.cmw_password : undefined;
  return {
    sessionId: trimmed(e.session_id),
    credentials: {
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    },
  };
}

/**
 * Finds a `cmw_extra_body` carried in a system message, as the original did: the message's text is a JSON
 * object, or contains one, with the key `cmw_extra_body`. Returns undefined for ordinary system text.
 * @param text - the system message's text
 */
export function carriedExtraBody(text: string): { found: true; value: unknown } | { found: false } {
  if (!text.includes('cmw_extra_body')) return { found: false };
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { found: false };
  const parsed = safeParseJson(text.slice(start, end + 1));
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    return { found: false };
  if (!Object.hasOwn(parsed.value, 'cmw_extra_body')) return { found: false };
  return { found: true, value: (parsed.value as { cmw_extra_body: unknown }).cmw_extra_body };
}

function safeParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
