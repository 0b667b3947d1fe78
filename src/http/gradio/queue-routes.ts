import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { RunManager } from '../../runs/run-manager.js';
import { callerScope, scopedSessionIdOf } from '../auth/caller-scope.js';
import { SseWriter } from '../sse-writer.js';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { buildApiInfo, buildGradioConfig, GRADIO_API_PREFIX } from './gradio-app-config.js';
import { GradioSessions } from './gradio-sessions.js';
import { QUEUE_HEARTBEAT_FRAME, writeSessionStream } from './queue-data-view.js';
import { parseQueueJoin } from './queue-join-body.js';
import { traceHeadersOf } from '../trace-headers-of.js';

const cancelBody = z.object({
  event_id: z.string().min(1).max(128),
  session_hash: z.string().nullish(),
  fn_index: z.unknown().optional(),
});
const sessionQuery = z.object({ session_hash: z.string().trim().min(1).max(MAX_SESSION_ID_LENGTH) });

/** Sends an error in the shape the Gradio clients read (`detail`) plus ours (`error.code`). */
function sendError(reply: FastifyReply, status: number, error: AppError): FastifyReply {
  return reply.status(status).send({ detail: error.message, ...error.toJSON() });
}

/**
 * The Gradio queue protocol (`sse_v3`) that `@gradio/client` and Python `gradio_client` speak:
 * `GET /config`, `GET /gradio_api/info`, `POST /gradio_api/queue/join`, `GET /gradio_api/queue/data`,
 * `GET /gradio_api/heartbeat/{session_hash}`, `POST /gradio_api/cancel` and `POST /gradio_api/reset`.
 *
 * Jobs are ordinary runs (`runs.start({ api: 'gradio' })`): the same admission queue, run log and conversation
 * store as `/call`. The conversation is the `session_id` input when given, else the client's `session_hash`.
 * Every error answer carries Gradio's `detail` next to our `error: {code, message}`.
 */
export function registerGradioQueueRoutes(
  app: FastifyInstance,
  deps: { config: Config; runs: RunManager },
): void {
  const { config, runs } = deps;
  const sessions = new GradioSessions({ retentionMs: config.runs.retentionMs });
  const sweeper = setInterval(() => sessions.sweep(), Math.min(60_000, config.runs.retentionMs)).unref();
  app.addHook('onClose', (_app, done) => {
    clearInterval(sweeper);
    done();
  });
  const gradioConfig = buildGradioConfig();
  const apiInfo = buildApiInfo();
  const api = GRADIO_API_PREFIX;

  void app.register((scope, _options, done) => {
    // Errors raised by Fastify itself (bad JSON, body too large) come from the app's handler as
    // {error: {code, message}}; give them Gradio's `detail` too, which is what the clients show.
    scope.addHook('preSerialization', (_request, reply, payload: unknown, next) => {
      if (reply.statusCode >= 400 && isErrorBody(payload) && !('detail' in payload))
        next(null, { detail: payload.error.message, ...payload });
      else next(null, payload);
    });

    scope.get('/config', () => gradioConfig);
    scope.get(`${api}/info`, () => apiInfo);

    scope.post(`${api}/queue/join`, async (request, reply) => {
      const parsed = parseQueueJoin(request.body);
      if (!parsed.ok) return sendError(reply, parsed.refusal.status, parsed.refusal.error);
      const { endpoint, sessionHash, input } = parsed.join;
      const owner = callerScope('gradio', request);
      const run = await runs.start({
        ...input,
        api: 'gradio',
        owner,
        traceHeaders: traceHeadersOf(request),
        sessionId: scopedSessionIdOf(owner, input.sessionId),
        clientSessionId: input.sessionId,
      });
      // Client sessions live in the caller's scope too: another API key's session_hash is another session.
      sessions.add({ eventId: run.id, endpoint, run, sessionHash: queueSessionKey(owner, sessionHash) });
      request.log.debug({ eventId: run.id, endpoint: endpoint.apiName }, 'gradio job joined');
      return reply.send({ event_id: run.id });
    });

    scope.get(`${api}/queue/data`, async (request, reply) => {
      const query = sessionQuery.safeParse(request.query);
      if (!query.success)
        return sendError(
          reply,
          400,
          new AppError('INVALID_BODY', 'session_hash is required in the query string.'),
        );
      reply.hijack();
      const writer = new SseWriter(reply.raw, {
        heartbeatMs: config.stream.heartbeatMs,
        heartbeat: QUEUE_HEARTBEAT_FRAME,
      });
      try {
        const key = queueSessionKey(callerScope('gradio', request), query.data.session_hash);
        await writeSessionStream(sessions, key, writer, {
          maxFps: config.stream.maxFps,
          averageS: () => runs.averageRunS('gradio'),
          log: request.log,
        });
      } catch (error) {
        request.log.error({ err: error }, 'queue stream failed');
        await writer.end();
      }
    });

    // Python's client keeps this open in the background and reconnects when it ends or stays silent for 20 s;
    // the JS client opens it only when the config asks (it does not). Nothing is tied to it.
    scope.get<{ Params: { sessionHash: string } }>(`${api}/heartbeat/:sessionHash`, (_request, reply) => {
      reply.hijack();
      const writer = new SseWriter(reply.raw, {
        heartbeatMs: config.stream.heartbeatMs,
        heartbeat: 'data: ALIVE\n\n',
      });
      void writer.write('data: ALIVE\n\n');
    });

    scope.post(`${api}/cancel`, (request, reply) => {
      const body = cancelBody.safeParse(request.body);
      if (!body.success)
        return sendError(
          reply,
          422,
          new AppError('INVALID_BODY', 'Send {"event_id": "...", "session_hash": "..."}.'),
        );
      const { event_id: eventId, session_hash: sessionHash } = body.data;
      // Only the session that joined the job may cancel it; any other (or none) gets 404 and the run goes on.
      const owner = callerScope('gradio', request);
      const job = sessions.jobOf(
        eventId,
        sessionHash === undefined || sessionHash === null ? sessionHash : queueSessionKey(owner, sessionHash),
      );
      if (job && job.run.owner === owner) {
        if (!job.run.ended) sessions.markCancelled(job);
        const stopped = runs.cancel(eventId);
        request.log.info({ eventId, stopped }, 'gradio job cancelled');
        return reply.send({ success: true });
      }
      return sendError(
        reply,
        404,
        new AppError('UNKNOWN_EVENT', `Unknown event id "${eventId.slice(0, 64)}".`),
      );
    });

    // Gradio resets a generator's iterator here; runs keep no iterator to reset, so it only acknowledges
    // (the JS client calls it right after cancel).
    scope.post(`${api}/reset`, () => ({ success: true }));
    done();
  });
}

/** The key of a queue client session: its `session_hash` inside the caller's scope (surface and API key). */
function queueSessionKey(scope: string, sessionHash: string): string {
  return `${scope}\u0000${sessionHash}`;
}

function isErrorBody(payload: unknown): payload is { error: { message: string } } {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return false;
  const { error } = payload;
  return (
    typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
  );
}
