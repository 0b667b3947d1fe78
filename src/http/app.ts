import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { LlmService } from '../llm/llm-service.js';
import type { RunManager } from '../runs/run-manager.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createBearerAuth } from './auth/bearer-auth.js';
import { isProtectedPath } from './auth/protected-paths.js';
import { installBodyDrain } from './body-drain.js';
import { createClientErrorHandler } from './client-error-handler.js';
import { limitConnections } from './connection-limits.js';
import { installRouteDocs } from './docs/route-docs.js';
import { installErrorHandler } from './error-handler.js';
import { registerCallRoutes } from './gradio/call-routes.js';
import { registerGradioQueueRoutes } from './gradio/queue-routes.js';
import { registerOpenAiRoutes } from './openai/openai-routes.js';
import { registerNativeRoutes } from './native/native-routes.js';
import { registerHealthRoutes } from './ops/health-routes.js';
import { serverTimeouts } from './server-timeouts.js';
import { registerUiRoutes } from './ui/register-ui-routes.js';

/** What the HTTP layer needs from the rest of the server. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly runs: RunManager;
  readonly llm: LlmService;
  readonly sessions: SessionStore;
}

/** The app and what its documentation hook found. */
export interface BuiltApp {
  readonly app: FastifyInstance;
  /** API routes registered without a documentation entry (a test keeps this empty). */
  readonly undocumented: readonly string[];
}

/** Builds the Fastify application with every surface registered and documented; it does not listen. */
export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  // Fastify's own logger type; pino's child satisfies it at run time.
  const httpLogger: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const timeouts = serverTimeouts(deps.config.http.requestTimeoutMs);
  const app = Fastify({
    loggerInstance: httpLogger,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.http.bodyLimitBytes,
    // Timeouts for receiving requests (REQUEST_TIMEOUT_S, headers, idle keep-alive); responses such as event
    // streams are never timed. The values and why: server-timeouts.ts.
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    http: timeouts,
    // Connection-level failures (request timeout, bad HTTP) answer in the server's error shape.
    clientErrorHandler: createClientErrorHandler(httpLogger),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  limitConnections(
    app.server,
    { maxConnections: deps.config.http.maxConnections, maxPerIp: deps.config.http.maxConnectionsPerIp },
    httpLogger,
  );
  installBodyDrain(app, deps.config.http.bodyLimitBytes);
  // Inputs are validated with zod in the handlers (clear messages, one source of truth); the route schemas only
  // document them in /openapi.json. Responses are plain JSON.stringify, never filtered by a schema.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const docs = installRouteDocs(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CMW Platform Agent',
        version: '0.1.0',
        description:
          'AI copilot for the Comindware Platform: Gradio /call and queue APIs, an OpenAI-compatible API, and the native run API of the web chat. Errors: {"error": {"code", "message"}} (docs/errors.md).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API_KEYS' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
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
  // One API key check for every surface (each surface's error handler gives the 401 its own shape).
  const auth = createBearerAuth(deps.config.http.apiKeys);
  app.addHook('onRequest', (request, reply) =>
    isProtectedPath(request.url) ? auth(request, reply) : Promise.resolve(),
  );
  installErrorHandler(app, deps.config.http.bodyLimitBytes);
  registerHealthRoutes(app, deps);
  registerCallRoutes(app, deps);
  registerUiRoutes(app);
  registerGradioQueueRoutes(app, deps);
  registerOpenAiRoutes(app, deps);
  registerNativeRoutes(app, deps);
  return { app, undocumented: docs.undocumented };
}
