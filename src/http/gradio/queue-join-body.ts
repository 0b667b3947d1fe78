import { z } from 'zod';
import { AppError, isAppError } from '../../errors/app-error.js';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { parseCallBody, type CallInput } from './call-body.js';
import { endpointByFnIndex, GRADIO_ENDPOINTS, type GradioEndpoint } from './gradio-endpoints.js';

/** A validated `POST /gradio_api/queue/join`. */
export interface QueueJoin {
  readonly endpoint: GradioEndpoint;
  /** The client session: its `/queue/data` stream carries this job's messages. */
  readonly sessionHash: string;
  /** Question, credentials, and the conversation: `session_id` (`data[4]`) when given, else the session hash. */
  readonly input: CallInput;
}

/** Why a join was refused, with the status Gradio would answer (422 for the shape of `data`, as FastAPI does). */
export interface QueueJoinRefusal {
  readonly status: number;
  readonly error: AppError;
}

const joinBody = z.object({
  data: z.unknown().optional(),
  fn_index: z.unknown().optional(),
  session_hash: z.unknown().optional(),
  // event_data, trigger_id, event_id, batched, simple_format: sent by the clients, unused here.
});

const refuse = (status: number, error: AppError) => ({ ok: false as const, refusal: { status, error } });

/**
 * Validates a queue join body `{data, fn_index, session_hash, …}` (unknown keys are ignored, as Gradio does).
 * Statuses follow Gradio: 400 without `session_hash` or `fn_index`, 422 when `data` is not what the endpoint
 * takes; an unknown `fn_index` is a 404 here (Gradio crashes with a 500).
 */
export function parseQueueJoin(
  body: unknown,
): { ok: true; join: QueueJoin } | { ok: false; refusal: QueueJoinRefusal } {
  const parsed = joinBody.safeParse(body);
  if (!parsed.success)
    return refuse(
      422,
      new AppError(
        'INVALID_BODY',
        'The body must be a JSON object like {"data": [...], "fn_index": 0, "session_hash": "..."}.',
      ),
    );
  const { data, fn_index: fnIndex, session_hash: rawHash } = parsed.data;
  const sessionHash = typeof rawHash === 'string' ? rawHash.trim() : '';
  if (sessionHash === '') return refuse(400, new AppError('INVALID_BODY', 'Session hash not found.'));
  if (sessionHash.length > MAX_SESSION_ID_LENGTH)
    return refuse(
      400,
      new AppError('INVALID_BODY', `session_hash is longer than ${MAX_SESSION_ID_LENGTH} characters.`),
    );
  if (fnIndex === undefined || fnIndex === null)
    return refuse(400, new AppError('INVALID_BODY', 'No function index provided.'));
  const endpoint = typeof fnIndex === 'number' ? endpointByFnIndex(fnIndex) : undefined;
  if (!endpoint)
    return refuse(
      404,
      new AppError(
        'UNKNOWN_API',
        `Unknown fn_index ${JSON.stringify(fnIndex).slice(0, 32)}; this server has ${GRADIO_ENDPOINTS.map((e) => `${e.fnIndex} (/${e.apiName})`).join(' and ')}.`,
      ),
    );
  let call: CallInput;
  try {
    // Validated like a /call body, without its session_hash: here the explicit session_id input wins.
    call = parseCallBody({ data });
  } catch (error) {
    if (isAppError(error)) return refuse(422, error);
    throw error;
  }
  return {
    ok: true,
    join: { endpoint, sessionHash, input: { ...call, sessionId: call.sessionId ?? sessionHash } },
  };
}
