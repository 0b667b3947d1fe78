// Adds tags, summary, hide… to Fastify's route schema type.
import '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { callBody } from '../gradio/call-body.js';
import { renameSessionBody, startRunBody } from '../native/native-schemas.js';
import { chatRequestSchema } from '../openai/chat-request.js';

/** What `/openapi.json` says about one route. Bodies come from the same zod schemas the routes validate with. */
interface RouteDoc {
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly body?: z.ZodType | Record<string, unknown>;
  /** The route answers an event stream (documented as `text/event-stream`). */
  readonly sse?: boolean;
}

const SSE_RESPONSE = {
  description: 'Server-Sent Events (text/event-stream)',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const GRADIO_JOIN_BODY = {
  type: 'object',
  required: ['data', 'fn_index', 'session_hash'],
  properties: {
    data: {
      type: 'array',
      items: { type: 'string' },
      description: '[question, username, password, base_url, session_id]',
    },
    fn_index: { type: 'integer', description: '0 = /ask, 1 = /ask_stream (see /config)' },
    session_hash: {
      type: 'string',
      description: 'the client session; its /queue/data stream carries the job',
    },
  },
};

const call = (prefix: string): Record<string, RouteDoc> => ({
  [`POST ${prefix}/call/:api`]: {
    tags: ['Gradio /call'],
    summary: 'Start a run (api = ask | ask_stream); answers {event_id}',
    description:
      'data = [question, username?, password?, base_url?, session_id?]; session_hash (wins over data[4]) makes turns share a conversation. 503 when the queue is full.',
    body: callBody,
  },
  [`GET ${prefix}/call/:api/:eventId`]: {
    tags: ['Gradio /call'],
    summary: 'Stream a run: generating (cumulative answer) … complete | error; heartbeat every 15 s',
    sse: true,
  },
});

const openai = (prefix: string): Record<string, RouteDoc> => ({
  [`POST ${prefix}/chat/completions`]: {
    tags: ['OpenAI-compatible'],
    summary: 'Chat completion, streamed (SSE chunks, [DONE]) or not',
    description:
      'Without a session id the messages are the history; with cmw_extra_body.session_id (in a system message or at the top level) or metadata.session_id the server-side conversation is used.',
    body: chatRequestSchema,
    sse: true,
  },
  [`GET ${prefix}/models`]: {
    tags: ['OpenAI-compatible'],
    summary: 'The model this server answers with',
  },
  [`GET ${prefix}/models/*`]: { tags: ['OpenAI-compatible'], summary: 'One model' },
});

const gradio: Record<string, RouteDoc> = {
  'GET /config': {
    tags: ['Gradio queue'],
    summary: 'App description for the Gradio clients (protocol sse_v3)',
  },
  'GET /gradio_api/info': {
    tags: ['Gradio queue'],
    summary: 'Named endpoints /ask and /ask_stream and their parameters',
  },
  'POST /gradio_api/queue/join': {
    tags: ['Gradio queue'],
    summary: 'Queue a job; answers {event_id}',
    body: GRADIO_JOIN_BODY,
  },
  'GET /gradio_api/queue/data': {
    tags: ['Gradio queue'],
    summary:
      "A client session's message stream (estimation, process_starts, process_generating diffs, process_completed)",
    sse: true,
  },
  'GET /gradio_api/heartbeat/:sessionHash': {
    tags: ['Gradio queue'],
    summary: 'Keeps a client session alive',
    sse: true,
  },
  'POST /gradio_api/cancel': {
    tags: ['Gradio queue'],
    summary: 'Cancel a job (the run really stops)',
  },
  'POST /gradio_api/reset': {
    tags: ['Gradio queue'],
    summary: 'Acknowledged, as in Gradio 5',
  },
};

const native: Record<string, RouteDoc> = {
  'GET /api/config': {
    tags: ['Native run API'],
    summary: 'Provider, model, readiness, whether an API key is required',
  },
  'POST /api/runs': {
    tags: ['Native run API'],
    summary: 'Start a run in a new or existing session; answers 202 {run_id, session_id}',
    description: 'Needs X-Client-Key (the browser identity that owns sessions).',
    body: startRunBody,
  },
  'GET /api/runs/:run_id/events': {
    tags: ['Native run API'],
    summary: 'Typed run events (id: seq); resume with Last-Event-ID or ?after=',
    sse: true,
  },
  'POST /api/runs/:run_id/cancel': {
    tags: ['Native run API'],
    summary: 'Cancel a run (partial answer kept)',
  },
  'GET /api/sessions': {
    tags: ['Native run API'],
    summary: "The caller's sessions, newest first",
  },
  'GET /api/sessions/:id': { tags: ['Native run API'], summary: 'A session and its turns' },
  'PATCH /api/sessions/:id': {
    tags: ['Native run API'],
    summary: 'Rename a session',
    body: renameSessionBody,
  },
  'DELETE /api/sessions/:id': {
    tags: ['Native run API'],
    summary: 'Delete a session and its turns',
  },
};

const ops: Record<string, RouteDoc> = {
  'GET /healthz': { tags: ['Operations'], summary: 'The process is up' },
  'GET /readyz': { tags: ['Operations'], summary: '200 when questions can be answered; 503 with the reason' },
};

/** Every documented route, by `METHOD url` as Fastify registers it. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...call(''),
  ...call('/gradio_api'),
  ...gradio,
  ...openai('/v1'),
  ...openai('/api/v1'),
  ...native,
  ...ops,
};

/** Path prefixes of API surfaces: a route under one of them without a doc entry is a mistake. */
const API_PREFIXES = ['/call', '/gradio_api', '/api', '/v1', '/healthz', '/readyz', '/config'];

/**
 * Attaches the documentation of {@link ROUTE_DOCS} to routes as they are registered (register this before any
 * route and before `@fastify/swagger`). Routes without an entry — static files of the web chat, the docs page
 * itself — are hidden from the spec; API routes without one are collected in `undocumented` (a test keeps it empty).
 */
export function installRouteDocs(app: FastifyInstance): { readonly undocumented: string[] } {
  const undocumented: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return;
    const key = `${methods.filter((m) => m !== 'HEAD')[0]} ${route.url}`;
    const doc = ROUTE_DOCS[key];
    if (!doc) {
      if (API_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`))) undocumented.push(key);
      route.schema = { ...route.schema, hide: true };
      return;
    }
    route.schema = {
      ...route.schema,
      tags: [...doc.tags],
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      ...(doc.body ? { body: doc.body instanceof z.ZodType ? json(doc.body) : doc.body } : {}),
      // Protection is declared where the route is registered (PUBLIC_ROUTE); the document only reports it.
      security: route.config?.public === true ? [] : [{ bearer: [] }],
      ...(doc.sse ? { response: { 200: SSE_RESPONSE } } : {}),
    };
  });
  return { undocumented };
}
