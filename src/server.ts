import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { listenFailure } from './errors/startup-error.js';
import { buildApp } from './http/app.js';
import type { RouteAccess } from './http/auth/route-access.js';
import { warnIfUnprotected } from './http/auth/warn-if-unprotected.js';
import { observeStreams } from './http/sse-writer.js';
import { LlmService } from './llm/llm-service.js';
import { loadModelPrices } from './llm/model-prices.js';
import { createLogger } from './logging/logger.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { startTracing } from './telemetry/start-tracing.js';
import { RunManager } from './runs/run-manager.js';
import { recoverInterruptedRuns } from './runs/recover-interrupted-runs.js';
import { createSessionStore } from './sessions/create-session-store.js';
import type { SessionStore } from './sessions/session-store.js';
import { McpToolbox } from './tools/mcp/mcp-toolbox.js';

/** A composed, listening server. */
export interface Server {
  readonly app: FastifyInstance;
  readonly runs: RunManager;
  readonly llm: LlmService;
  readonly sessions: SessionStore;
  readonly logger: Logger;
  /** This server's Prometheus metrics (`GET /metrics`). */
  readonly metrics: ServerMetrics;
  /** API routes missing from /openapi.json (empty unless a route was added without documenting it). */
  readonly undocumentedRoutes: readonly string[];
  /** Every registered route and whether it is public. */
  readonly routes: readonly RouteAccess[];
  /** `http://host:port` it listens on. */
  readonly url: string;
  /** Graceful stop: refuse new work, let runs finish within the grace period, close stores. */
  close(): Promise<void>;
}

/**
 * The composition root: builds every part from the configuration and starts listening.
 * @param config - the validated configuration
 * @param options.logger - a logger to use instead of one built from `LOG_LEVEL`
 */
export async function startServer(config: Config, options: { logger?: Logger } = {}): Promise<Server> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // Read before anything opens: a bad price file stops the start with one line.
  const prices = loadModelPrices(config.llm.pricesFile);
  const sessions = await createSessionStore(config, logger);
  try {
    // Before any run starts: what an earlier process left running (kill -9, a crash) becomes an interrupted turn.
    await recoverInterruptedRuns(sessions, logger);
  } catch (error) {
    await sessions.close();
    throw error;
  }
  const llm = new LlmService(config, logger, prices);
  // OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT turns on traces: a span per run, LLM step and tool call.
  // One id names this process in run records (clustered mode) and in its spans' `service.instance.id`.
  const instanceId = randomUUID();
  const tracing = startTracing(config.tracing, { logger, instanceId });
  // Read at scrape time only, when `runs` exists.
  const metrics: ServerMetrics = new ServerMetrics({ queueStats: () => runs.stats });
  // REDIS_URL turns on the clustered mode: the global queue, run streams, leases and cancels live in Redis (its
  // client is loaded only then).
  const cluster =
    config.redis.url !== undefined
      ? new (await import('./runs/redis/run-cluster.js')).RunCluster({
          url: config.redis.url,
          keyPrefix: config.redis.keyPrefix,
          leaseMs: config.redis.leaseMs,
          queue: config.queue,
          retentionS: Math.ceil(config.runs.retentionMs / 1000),
        })
      : undefined;
  const mcp =
    config.agent.mcpServers.length > 0 ? new McpToolbox(config.agent.mcpServers, logger) : undefined;
  mcp?.start();
  const runs = new RunManager({
    config,
    logger,
    llm,
    sessions,
    observer: metrics.runObserver,
    ...(cluster ? { cluster } : {}),
    instanceId,
    ...(tracing ? { tracer: tracing.tracer } : {}),
    ...(mcp ? { mcp } : {}),
  });
  const { app, undocumented, routes } = await buildApp({
    config,
    logger,
    runs,
    llm,
    sessions,
    metrics,
    onPlatformCall: metrics.runObserver.onPlatformCall,
  });
  observeStreams(app.server, metrics.streamObserver);
  llm.start();
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // Nothing may keep the process (or a test) alive after a failed start: no timers, no open database.
    await app.close().catch(() => undefined);
    await runs.shutdown(0);
    llm.close();
    await mcp?.close();
    await sessions.close();
    await tracing?.shutdown();
    throw listenFailure(error, config.host, config.port);
  }
  warnIfUnprotected(config, logger);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    runs,
    llm,
    sessions,
    logger,
    metrics,
    undocumentedRoutes: undocumented,
    routes,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        const closed = app.close();
        await runs.shutdown(config.http.shutdownGraceMs);
        // Every run has ended and written its last frame; what is left are idle or never-used sockets,
        // which would otherwise hold the process until the clients drop them.
        await new Promise((resolve) => setImmediate(resolve));
        app.server.closeAllConnections();
        await closed;
        llm.close();
        await mcp?.close();
        await sessions.close();
        // The last runs' spans are sent before the process exits.
        await tracing
          ?.shutdown()
          .catch((error: unknown) => logger.warn({ err: error }, 'sending the last traces failed'));
      })()),
  };
}
