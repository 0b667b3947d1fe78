import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { approvalBody, renameSessionBody, startRunBody } from '../native/native-schemas.js';
import { ref } from './openapi-schemas.js';
import type { ParamsDoc, RouteDoc, RouteError } from './route-doc.js';

const TAGS = ['Native run API'];

/** Runs and sessions belong to the browser's secret key; a missing or malformed one is INVALID_CLIENT_KEY. */
const CLIENT_KEY: ParamsDoc = {
  properties: {
    'x-client-key': {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{32,128}$',
      description: 'The random secret that owns runs and sessions (only its SHA-256 is stored).',
    },
  },
  required: ['x-client-key'],
};

const id = (what: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: MAX_SESSION_ID_LENGTH,
  description: what,
});
const RUN_PARAMS = { run_id: id('the run_id of POST /api/runs') };
const SESSION_PARAMS = { id: id('the session id') };
/** Errors of every route that acts for a client key on a path id. */
const OWNED: readonly RouteError[] = ['INVALID_CLIENT_KEY', 'INVALID_PARAMS'];

/** The native run API of the web chat (`docs/native-api.md`). */
export const NATIVE_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /api/config': {
    operationId: 'getConfig',
    tags: TAGS,
    summary:
      'Providers and their models, the default and fallback models, readiness, whether an API key is required',
    responses: { 200: { description: 'What the web chat needs to start.', json: ref('ApiConfig') } },
    errors: [],
    errorShape: 'Error',
  },
  'POST /api/runs': {
    operationId: 'startRun',
    tags: TAGS,
    summary: 'Start a run in a new or existing session; answers 202 {run_id, session_id}',
    description: 'Without session_id a new session is made, titled after the question unless title is given.',
    headers: {
      properties: {
        ...CLIENT_KEY.properties,
        'x-llm-api-key': {
          type: 'string',
          maxLength: 512,
          description:
            'The client’s own key for the provider of the run’s model, for this run only (never stored or logged); ' +
            'refused with 403 unless ALLOW_CLIENT_LLM_KEYS is on.',
        },
      },
      required: CLIENT_KEY.required,
    },
    body: startRunBody,
    responses: { 202: { description: 'The run is queued.', json: ref('RunStarted') } },
    errors: [
      'INVALID_CLIENT_KEY',
      'INVALID_PARAMS',
      'EMPTY_QUESTION',
      'CLIENT_LLM_KEY_FORBIDDEN',
      'MODEL_NOT_FOUND',
      'UNKNOWN_SESSION',
      'QUEUE_FULL',
    ],
    errorShape: 'Error',
  },
  'GET /api/runs/:run_id/events': {
    operationId: 'streamRunEvents',
    tags: TAGS,
    summary: 'Typed run events (id: seq); resume with Last-Event-ID or ?after=',
    params: RUN_PARAMS,
    query: {
      properties: {
        after: {
          type: 'string',
          pattern: '^\\s*\\d{1,15}\\s*$',
          description: 'Send only the events after this seq (Last-Event-ID wins when both are sent).',
        },
      },
    },
    headers: {
      properties: {
        ...CLIENT_KEY.properties,
        'last-event-id': {
          type: 'string',
          pattern: '^\\s*\\d{1,15}\\s*$',
          description: 'The seq of the last event received: what EventSource sends when it reconnects.',
        },
      },
      required: CLIENT_KEY.required,
    },
    responses: {
      200: {
        description: 'The run as Server-Sent Events, from the start or after the given seq, until run-end.',
        sse:
          '`id: <seq>`, `event: <type>`, `data: <the event as JSON>`: queued, run-start, history-summarised, step-start, text-delta, ' +
          'tool-call-start, tool-call-end, step-end, usage, error (code and message) and run-end, always last ' +
          '(docs/native-api.md). `: ping` comments keep it open.',
      },
    },
    errors: [...OWNED, 'UNKNOWN_RUN'],
    errorShape: 'Error',
  },
  'POST /api/runs/:run_id/cancel': {
    operationId: 'cancelRun',
    tags: TAGS,
    summary: 'Cancel a run (partial answer kept)',
    headers: CLIENT_KEY,
    params: RUN_PARAMS,
    responses: { 202: { description: 'The run is stopping.', json: ref('RunCancelled') } },
    errors: [...OWNED, 'UNKNOWN_RUN', 'RUN_ENDED'],
    errorShape: 'Error',
  },
  'POST /api/runs/:run_id/approvals/:approval_id': {
    operationId: 'decideApproval',
    tags: TAGS,
    summary: 'Approve or deny a tool call the run holds (tool-approval-request)',
    description:
      'Only the run’s owner can decide; the held call runs when approved, and the model is told of a denial ' +
      '(with the reason). A second decision is 409.',
    headers: CLIENT_KEY,
    params: { ...RUN_PARAMS, approval_id: id('the approvalId of the tool-approval-request event') },
    body: approvalBody,
    responses: { 200: { description: 'The decision was taken.', json: ref('ApprovalDecided') } },
    errors: [...OWNED, 'INVALID_BODY', 'UNKNOWN_APPROVAL', 'APPROVAL_DECIDED'],
    errorShape: 'Error',
  },
  'POST /api/files': {
    operationId: 'uploadFiles',
    tags: TAGS,
    summary: 'Upload files into a conversation (multipart/form-data); answers 201 {session_id, files}',
    description:
      'One or more `file` parts and an optional `session_id` field; without it a new session is made. Names are ' +
      'sanitised and types sniffed from the bytes. Larger than UPLOAD_MAX_BYTES: 413 FILE_TOO_LARGE; more than ' +
      'UPLOAD_MAX_FILES_PER_SESSION in the conversation: 409 TOO_MANY_FILES; either way nothing is stored.',
    headers: CLIENT_KEY,
    consumes: ['multipart/form-data'],
    documentedBody: {
      type: 'object',
      properties: {
        file: { type: 'array', items: { type: 'string', format: 'binary' } },
        session_id: { type: 'string' },
      },
      required: ['file'],
    },
    responses: { 201: { description: 'The files were stored.', json: ref('FilesUploaded') } },
    errors: [
      'INVALID_CLIENT_KEY',
      'UNSUPPORTED_MEDIA_TYPE',
      'INVALID_BODY',
      'FILE_TOO_LARGE',
      'TOO_MANY_FILES',
      'UNKNOWN_SESSION',
    ],
    errorShape: 'Error',
  },
  'GET /api/sessions/:id/files': {
    operationId: 'listSessionFiles',
    tags: TAGS,
    summary: "The files of one of the caller's sessions, oldest first",
    headers: CLIENT_KEY,
    params: SESSION_PARAMS,
    responses: { 200: { description: 'Its files.', json: ref('FileList') } },
    errors: [...OWNED, 'UNKNOWN_SESSION'],
    errorShape: 'Error',
  },
  'GET /api/files/:id': {
    operationId: 'downloadFile',
    tags: TAGS,
    summary: "Download one of the caller's files (its sniffed type, as an attachment)",
    headers: CLIENT_KEY,
    params: { id: id('the file id') },
    responses: { 200: { description: 'The file.', binary: 'The bytes as uploaded.' } },
    errors: [...OWNED, 'UNKNOWN_FILE'],
    errorShape: 'Error',
  },
  'DELETE /api/files/:id': {
    operationId: 'deleteFile',
    tags: TAGS,
    summary: "Delete one of the caller's files",
    headers: CLIENT_KEY,
    params: { id: id('the file id') },
    responses: { 204: { description: 'Deleted.' } },
    errors: [...OWNED, 'UNKNOWN_FILE'],
    errorShape: 'Error',
  },
  'GET /api/sessions': {
    operationId: 'listSessions',
    tags: TAGS,
    summary: "The caller's sessions, newest first",
    headers: CLIENT_KEY,
    responses: { 200: { description: 'The sessions of the client key.', json: ref('SessionList') } },
    errors: ['INVALID_CLIENT_KEY'],
    errorShape: 'Error',
  },
  'GET /api/sessions/:id': {
    operationId: 'getSession',
    tags: TAGS,
    summary: 'A session and its turns',
    headers: CLIENT_KEY,
    params: SESSION_PARAMS,
    responses: { 200: { description: 'The session.', json: ref('Session') } },
    errors: [...OWNED, 'UNKNOWN_SESSION'],
    errorShape: 'Error',
  },
  'PATCH /api/sessions/:id': {
    operationId: 'renameSession',
    tags: TAGS,
    summary: 'Rename a session',
    headers: CLIENT_KEY,
    params: SESSION_PARAMS,
    body: renameSessionBody,
    responses: { 200: { description: 'The renamed session.', json: ref('SessionSummary') } },
    errors: [...OWNED, 'UNKNOWN_SESSION'],
    errorShape: 'Error',
  },
  'DELETE /api/sessions/:id': {
    operationId: 'deleteSession',
    tags: TAGS,
    summary: 'Delete a session and its turns',
    description: 'Runs of the session still going are cancelled first.',
    headers: CLIENT_KEY,
    params: SESSION_PARAMS,
    responses: { 204: { description: 'Deleted.' } },
    errors: [...OWNED, 'UNKNOWN_SESSION'],
    errorShape: 'Error',
  },
};
