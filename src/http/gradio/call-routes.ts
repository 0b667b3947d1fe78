import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { RunApi } from '../../runs/run-log.js';
import { callerScope, scopedSessionIdOf } from '../auth/caller-scope.js';
import { SseWriter } from '../sse-writer.js';
import { parseCallBody } from './call-body.js';
import { writeCallStream } from './call-stream-view.js';
import { traceHeadersOf } from '../trace-headers-of.js';

const APIS: readonly RunApi[] = ['ask', 'ask_stream'];
/** Gradio 4 served `/call` at the root, Gradio 5+ under `/gradio_api`; we serve both. */
const PREFIXES = ['', '/gradio_api'] as const;

function apiName(name: string): RunApi {
  if ((APIS as readonly string[]).includes(name)) return name as RunApi;
  throw new AppError('UNKNOWN_API', `Unknown API "${name}"; this server has: ${APIS.join(', ')}.`);
}

/**
 * The Gradio two-step `/call` API: `POST /call/{api}` starts a run and answers `{event_id}`;
 * `GET /call/{api}/{event_id}` streams it as Server-Sent Events. Same routes under `/gradio_api`.
 */
export function registerCallRoutes(app: FastifyInstance, deps: { config: Config; runs: RunManager }): void {
  const { config, runs } = deps;
  for (const prefix of PREFIXES) {
    app.post<{ Params: { api: string } }>(`${prefix}/call/:api`, async (request, reply) => {
      const api = apiName(request.params.api);
      const input = parseCallBody(request.body);
      const owner = callerScope('gradio', request);
      const run = await runs.start({
        ...input,
        api,
        owner,
        traceHeaders: traceHeadersOf(request),
        sessionId: scopedSessionIdOf(owner, input.sessionId),
        clientSessionId: input.sessionId,
      });
      return reply.send({ event_id: run.id });
    });

    app.get<{ Params: { api: string; eventId: string } }>(
      `${prefix}/call/:api/:eventId`,
      async (request, reply) => {
        apiName(request.params.api);
        // Only this surface's runs made with the same API key: another client's event id is simply unknown.
        const run = await runs.get(request.params.eventId, callerScope('gradio', request));
        if (!run)
          throw new AppError(
            'UNKNOWN_EVENT',
            `Unknown or expired event id "${request.params.eventId.slice(0, 64)}".`,
          );
        reply.hijack();
        const writer = new SseWriter(reply.raw, {
          heartbeatMs: config.stream.heartbeatMs,
          heartbeat: 'event: heartbeat\ndata: null\n\n',
        });
        try {
          await writeCallStream(run, writer, { maxFps: config.stream.maxFps });
        } catch (error) {
          request.log.error({ err: error }, 'stream failed');
          await writer.end();
        }
      },
    );
  }
}
