import { z } from 'zod';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';

/** Longest session title. */
export const MAX_TITLE_LENGTH = 200;
/** Longest session or run id the routes look up. */
const MAX_ID_LENGTH = MAX_SESSION_ID_LENGTH;

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** `POST /api/runs`. Unknown fields are refused, so a misspelt `session_id` never starts a new session. */
export const startRunBody = z.strictObject(
  {
    question: z.string({ error: 'question must be a string' }),
    session_id: z.string().min(1).max(MAX_ID_LENGTH).optional(),
    title: z.string().trim().min(1).max(MAX_TITLE_LENGTH).optional(),
    model: z.string().max(MAX_ID_LENGTH).optional(),
    credentials: z
      .strictObject({
        base_url: optionalText(2048),
        username: optionalText(512),
        password: z.string().max(1024).optional(),
      })
      .optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'the body must be a JSON object' : undefined) },
);

/** `PATCH /api/sessions/:id`. */
export const renameSessionBody = z.strictObject(
  { title: z.string({ error: 'title must be a string' }).trim().min(1).max(MAX_TITLE_LENGTH) },
  { error: (issue) => (issue.code === 'invalid_type' ? 'the body must be a JSON object' : undefined) },
);

/** `POST /api/runs/:run_id/approvals/:approval_id`. */
export const approvalBody = z.strictObject(
  {
    approved: z.boolean({ error: 'approved must be true or false' }),
    reason: z.string({ error: 'reason must be a string' }).trim().max(500).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'the body must be a JSON object' : undefined) },
);

/** `:run_id` and `:approval_id`. */
export const approvalParams = z.object({
  run_id: z.string().min(1).max(MAX_ID_LENGTH),
  approval_id: z.string().min(1).max(MAX_ID_LENGTH),
});

/** `:run_id`. */
export const runParams = z.object({ run_id: z.string().min(1).max(MAX_ID_LENGTH) });

/** `:id` of a session. */
export const sessionParams = z.object({ id: z.string().min(1).max(MAX_ID_LENGTH) });

/** A sequence number a reader already has (`Last-Event-ID` or `?after=`). */
export const afterSeq = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, 'must be the whole number of the last event received')
  .transform(Number);
