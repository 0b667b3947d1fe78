import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { callBody } from '../gradio/call-body.js';
import { ref } from './openapi-schemas.js';
import type { JsonSchema, RouteDoc } from './route-doc.js';

const INPUTS = '[question, username, password, base_url, session_id]';

const API_PARAM: JsonSchema = {
  type: 'string',
  enum: ['ask', 'ask_stream'],
  description:
    'ask: the whole answer at the end; ask_stream: the answer as it grows. Others: 404 UNKNOWN_API.',
};

const QUEUE_JOIN_BODY: JsonSchema = {
  type: 'object',
  required: ['data', 'fn_index', 'session_hash'],
  properties: {
    data: {
      type: 'array',
      items: { type: ['string', 'null'] },
      description: `${INPUTS}; null reads as "" (the question must be a string)`,
    },
    fn_index: { type: 'integer', description: '0 = /ask, 1 = /ask_stream (see /config)' },
    session_hash: {
      type: 'string',
      maxLength: MAX_SESSION_ID_LENGTH,
      description: 'the client session; its /queue/data stream carries the job',
    },
  },
};

const CANCEL_BODY: JsonSchema = {
  type: 'object',
  required: ['event_id'],
  properties: {
    event_id: { type: 'string', minLength: 1, maxLength: 128, description: 'the job to cancel' },
    session_hash: {
      type: ['string', 'null'],
      description: 'the session that joined the job: only it may cancel the job',
    },
    fn_index: { description: 'sent by the clients, unused' },
  },
};

const call = (prefix: string, id: string): Record<string, RouteDoc> => ({
  [`POST ${prefix}/call/:api`]: {
    operationId: `${id}Start`,
    tags: ['Gradio /call'],
    summary: 'Start a run (api = ask | ask_stream); answers {event_id}',
    description:
      `data = ${INPUTS}: every input after the question is optional (null reads as ""); session_hash (wins over ` +
      'data[4]) makes turns share a conversation. Then read the run with GET /call/{api}/{event_id}.',
    params: { api: API_PARAM },
    body: callBody,
    responses: { 200: { description: 'The run is queued.', json: ref('EventId') } },
    errors: ['UNKNOWN_API', 'QUEUE_FULL'],
    errorShape: 'Error',
  },
  [`GET ${prefix}/call/:api/:eventId`]: {
    operationId: `${id}Stream`,
    tags: ['Gradio /call'],
    summary: 'Stream a run: generating (cumulative answer) … complete | error; heartbeat every 15 s',
    params: {
      api: API_PARAM,
      eventId: {
        type: 'string',
        description: 'the event_id of POST /call/{api}, made with the same API key',
      },
    },
    responses: {
      200: {
        description: 'The run as Server-Sent Events, until it ends.',
        sse:
          'ask_stream: `event: generating` frames, `data: ["<answer so far>"]` (the last one holds the final ' +
          'answer); then `event: complete` with `data: ["<answer>"]`, or `event: error` with `data: ["<message>"]`. ' +
          'ask: only the complete or error frame. `event: heartbeat` / `data: null` keeps an idle stream open.',
      },
    },
    errors: ['UNKNOWN_API', 'UNKNOWN_EVENT'],
    errorShape: 'Error',
  },
});

const queue: Record<string, RouteDoc> = {
  'GET /config': {
    operationId: 'gradioConfig',
    tags: ['Gradio queue'],
    summary: 'App description for the Gradio clients (protocol sse_v3)',
    responses: { 200: { description: 'The Blocks config.', json: ref('GradioConfig') } },
    errors: [],
    errorShape: 'GradioError',
  },
  'GET /gradio_api/info': {
    operationId: 'gradioApiInfo',
    tags: ['Gradio queue'],
    summary: 'Named endpoints /ask and /ask_stream and their parameters',
    responses: { 200: { description: 'The API description.', json: ref('GradioApiInfo') } },
    errors: [],
    errorShape: 'GradioError',
  },
  'POST /gradio_api/queue/join': {
    operationId: 'gradioQueueJoin',
    tags: ['Gradio queue'],
    summary: 'Queue a job; answers {event_id}',
    description:
      "The job's messages arrive on the client session's GET /gradio_api/queue/data stream. Statuses follow " +
      'Gradio: 400 without session_hash or fn_index, 422 when data is not what the endpoint takes.',
    body: QUEUE_JOIN_BODY,
    responses: { 200: { description: 'The job is queued.', json: ref('EventId') } },
    errors: ['INVALID_BODY', ['INVALID_BODY', 422], 'UNKNOWN_API', 'QUEUE_FULL'],
    errorShape: 'GradioError',
  },
  'GET /gradio_api/queue/data': {
    operationId: 'gradioQueueData',
    tags: ['Gradio queue'],
    summary:
      "A client session's message stream (estimation, process_starts, process_generating diffs, process_completed)",
    query: {
      properties: {
        session_hash: {
          type: 'string',
          minLength: 1,
          maxLength: MAX_SESSION_ID_LENGTH,
          description: 'the session_hash the jobs were joined with',
        },
      },
      required: ['session_hash'],
    },
    responses: {
      200: {
        description: "The session's jobs as Server-Sent Events.",
        sse:
          'Each frame is `data: <json>` with a `msg`: `estimation` (rank, queue_size, rank_eta), `process_starts`, ' +
          '`process_generating` (output diffs), `process_completed` (success, output), `heartbeat`, ' +
          '`unexpected_error`, and `close_stream` when no job of the session is left.',
      },
    },
    errors: ['INVALID_BODY'],
    errorShape: 'GradioError',
  },
  'GET /gradio_api/heartbeat/:sessionHash': {
    operationId: 'gradioHeartbeat',
    tags: ['Gradio queue'],
    summary: 'Keeps a client session alive',
    params: { sessionHash: { type: 'string', description: 'the client session' } },
    responses: {
      200: {
        description: 'An endless stream the Python client keeps open.',
        sse: '`data: ALIVE` at once and at every heartbeat.',
      },
    },
    errors: [],
    errorShape: 'GradioError',
  },
  'POST /gradio_api/cancel': {
    operationId: 'gradioCancel',
    tags: ['Gradio queue'],
    summary: 'Cancel a job (the run really stops)',
    description: 'Only the session that joined the job may cancel it; for any other the job is unknown.',
    documentedBody: CANCEL_BODY,
    responses: { 200: { description: 'Cancelled (or already over).', json: ref('GradioSuccess') } },
    errors: [['INVALID_BODY', 422], 'UNKNOWN_EVENT'],
    errorShape: 'GradioError',
  },
  'POST /gradio_api/reset': {
    operationId: 'gradioReset',
    tags: ['Gradio queue'],
    summary: 'Acknowledged, as in Gradio 5',
    responses: { 200: { description: 'Acknowledged.', json: ref('GradioSuccess') } },
    errors: [],
    errorShape: 'GradioError',
  },
};

/** The Gradio surfaces: `/call` at the root (Gradio 4) and under `/gradio_api` (5+), and the queue protocol. */
export const GRADIO_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...call('', 'call'),
  ...call('/gradio_api', 'gradioApiCall'),
  ...queue,
};
