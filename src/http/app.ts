import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { LlmService } from '../llm/llm-service.js';
import type { RunManager } from '../runs/run-manager.js';
import { installErrorHandler } from './error-handler.js';
import { registerCallRoutes } from './gradio/call-routes.js';
import { registerHealthRoutes } from './ops/health-routes.js';

/** What the HTTP layer needs from the rest of the server. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly runs: RunManager;
  readonly llm: LlmService;
}

/** Builds the Fastify application with every surface registered; it does not listen. */
export function buildApp(deps: AppDeps): FastifyInstance {
  // Fastify's own logger type; pino's child satisfies it at run time.
  const httpLogger: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: httpLogger,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.http.bodyLimitBytes,
    // Long-lived streams must not be cut by the server's own timeouts.
    requestTimeout: 0,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  // curl -d without a content type sends form encoding; the API only speaks JSON, so read such bodies as JSON.
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'text/plain'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'ignore'),
  );
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });
  installErrorHandler(app, deps.config.http.bodyLimitBytes);
  registerHealthRoutes(app, deps);
  registerCallRoutes(app, deps);
  return app;
}
