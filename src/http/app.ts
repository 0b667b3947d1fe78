import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { LlmService } from '../llm/llm-service.js';
import type { PlatformCallObserver } from '../platform/platform-client.js';
import type { RunManager } from '../runs/run-manager.js';
import type { SessionStore } from '../sessions/session-store.js';
import { canonicalUrl } from './auth/canonical-url.js';
import { installApiKeyGate, makeScopePublic, PUBLIC_ROUTE, type RouteAccess } from './auth/route-access.js';
import { installBodyDrain } from './body-drain.js';
import { installRequestPacer } from './request-pacer.js';
import { createClientErrorHandler } from './client-error-handler.js';
import { limitConnections } from './connection-limits.js';
import { OPENAPI_OPTIONS } from './docs/openapi-options.js';
import { installRouteDocs } from './docs/route-docs.js';
import { frameworkErrorHandler, installErrorHandler, MAX_PARAM_LENGTH } from './error-handler.js';
import { registerCallRoutes } from './gradio/call-routes.js';
import { registerGradioQueueRoutes } from './gradio/queue-routes.js';
import { registerOpenAiRoutes } from './openai/openai-routes.js';
import { registerNativeRoutes } from './native/native-routes.js';
import { registerFileRoutes } from './native/file-routes.js';
import { registerMcpRoutes } from './mcp/mcp-routes.js';
import { installJsonBodyParser } from './json-body-parser.js';
import { registerHealthRoutes } from './ops/health-routes.js';
import { registerMetricsRoute, type MetricsSource } from './ops/metrics-route.js';
import { serverTimeouts } from './server-timeouts.js';
import { registerUiRoutes } from './ui/register-ui-routes.js';

/** What the HTTP layer needs from the rest of the server. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly runs: RunManager;
  readonly llm: LlmService;
  readonly sessions: SessionStore;
  /** The server's metrics, served at `GET /metrics` (no route without them). */
  readonly metrics?: MetricsSource;
  /** Told when each platform call a surface makes itself ends (the MCP server's tool calls), for the metrics. */
  readonly onPlatformCall?: PlatformCallObserver | undefined;
}

/** The app and what its documentation hook found. */
export interface BuiltApp {
  readonly app: FastifyInstance;
  /** API routes registered without a documentation entry (a test keeps this empty). */
  readonly undocumented: readonly string[];
  /** Every registered route and whether it is public (the auth matrix test walks them all). */
  readonly routes: readonly RouteAccess[];
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
    // Fastify's own 503 while closing has Fastify's shape; installErrorHandler answers SHUTTING_DOWN instead.
    return503OnClosing: false,
    // Errors raised before routing (undecodable path, over-long parameter) in the server's error shape.
    frameworkErrors: frameworkErrorHandler(deps.config.http.bodyLimitBytes),
    // Every spelling of a URL reaches the route it names (and so that route's protection), or no route at all.
    rewriteUrl: (request) => canonicalUrl(request.url ?? '/'),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: MAX_PARAM_LENGTH,
    },
    forceCloseConnections: 'idle',
  });
  limitConnections(
    app.server,
    { maxConnections: deps.config.http.maxConnections, maxPerIp: deps.config.http.maxConnectionsPerIp },
    httpLogger,
  );
  // First of the onRequest hooks: a burst of requests is handled over several loop turns, not in one stretch.
  installRequestPacer(app);
  installBodyDrain(app, deps.config.http.bodyLimitBytes);
  // Inputs are validated with zod in the handlers (clear messages, one source of truth); the route schemas only
  // document them in /openapi.json. Responses are plain JSON.stringify, never filtered by a schema.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // One API key check for every surface, against the route that matched (each surface's error handler gives the
  // 401 its own shape); routes are protected unless registered with PUBLIC_ROUTE.
  const { routes } = installApiKeyGate(app, deps.config.http.apiKeys);
  const docs = installRouteDocs(app);
  await app.register(swagger, OPENAPI_OPTIONS);
  // The API description is public: it says what the repository's docs say and reveals no data.
  await app.register(async (scope) => {
    makeScopePublic(scope);
    await scope.register(swaggerUi, { routePrefix: '/docs' });
  });
  app.get('/openapi.json', { ...PUBLIC_ROUTE, schema: { hide: true } }, () => app.swagger());
  // JSON (also as text/plain or form encoding, as curl -d sends); an empty body is accepted by routes that take none.
  installJsonBodyParser(app);
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
  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  registerCallRoutes(app, deps);
  registerUiRoutes(app);
  registerGradioQueueRoutes(app, deps);
  registerOpenAiRoutes(app, deps);
  registerNativeRoutes(app, deps);
  registerFileRoutes(app, deps);
  registerMcpRoutes(app, deps);
  return { app, undocumented: docs.undocumented, routes };
}
