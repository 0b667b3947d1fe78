import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { fieldPath } from '../describe-issue.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';

/**
 * The body of `POST /call/{api}` (also documents the route in `/openapi.json`). An input may be `null`, read as
 * `""`: `@gradio/client` pads inputs the caller left out with `null` (2.7.0 `helpers/data.ts`, `handle_payload`
 * aligns `data` to the dependency's five inputs, and a missing value goes out as `null`), and Gradio takes it
 * (5.49.1 `components/textbox.py`, `Textbox.preprocess` passes `None` on; only the number of inputs is checked).
 * The question itself must be a string.
 */
export const callBody = z.object({
  data: z.array(z.string().nullable(), { error: 'data must be an array of strings' }),
  session_hash: z.string().max(MAX_SESSION_ID_LENGTH).nullish(),
});

/** A `/call` request, validated: `data = [question, username?, password?, base_url?, session_id?]`. */
export interface CallInput {
  readonly question: string;
  readonly credentials: PlatformCredentials;
  readonly sessionId: string | undefined;
}

/**
 * Validates a `/call/{api}` body. `session_hash` wins over `data[4]` (the original's session input).
 * @throws AppError INVALID_BODY naming the offending field
 */
export function parseCallBody(body: unknown): CallInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AppError('INVALID_BODY', 'The body must be a JSON object like {"data": ["your question"]}.');
  const parsed = callBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = fieldPath(issue.path);
    const message =
      issue.code === 'invalid_type' && issue.path.length === 2
        ? `${where} must be a string`
        : where === 'data' && issue.code === 'invalid_type'
          ? 'data must be an array of strings, e.g. {"data": ["your question"]}'
          : `${where || 'body'}: ${issue.message}`;
    throw new AppError('INVALID_BODY', message);
  }
  const { data: values, session_hash } = parsed.data;
  if (values.length === 0)
    throw new AppError(
      'INVALID_BODY',
      'data[0] (the question) is missing: send {"data": ["your question"]}.',
    );
  if (values[0] === null)
    throw new AppError('INVALID_BODY', 'data[0] (the question) must be a string, not null.');
  // Every optional input: null is empty.
  const data = values.map((v) => v ?? '');
  const opt = (i: number) => {
    const v = data[i]?.trim();
    return v === '' ? undefined : v;
  };
  const fromData = opt(4);
  if (fromData !== undefined && fromData.length > MAX_SESSION_ID_LENGTH)
    throw new AppError(
      'INVALID_BODY',
      `data[4] (session id) is longer than ${MAX_SESSION_ID_LENGTH} characters.`,
    );
  const hash = session_hash?.trim();
  const credentials: PlatformCredentials = {
    ...(opt(1) !== undefined ? { username: opt(1) } : {}),
    ...(data[2] !== undefined && data[2] !== '' ? { password: data[2] } : {}),
    ...(opt(3) !== undefined ? { baseUrl: opt(3) } : {}),
  };
  return { question: data[0]!, credentials, sessionId: hash ? hash : fromData };
}
