import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { WarningSpanExporter } from './warning-span-exporter.js';

/** The server's tracer and how to stop it. */
export interface Tracing {
  /** Spans of runs, LLM steps, tool calls and platform calls are made with it. */
  readonly tracer: Tracer;
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured: spans are batched and sent over OTLP/HTTP
 * (JSON), sampled as `OTEL_TRACES_SAMPLER` says (by default every run, and a caller's sampled `traceparent` is
 * always followed). The tracer provider stays this server's own (not the process-wide one), so servers in one
 * process do not share it; only an AsyncLocalStorage context manager is registered process-wide, once, so that
 * spans made inside a run (the AI SDK's, the platform client's) find the run's span as their parent.
 * @param config - `config.tracing`
 * @param options.logger - told when spans cannot be sent
 * @param options.instanceId - this process among the instances (`service.instance.id`; run records name it too)
 * @returns undefined when tracing is off (no endpoint): nothing is started and nothing costs anything
 */
export function startTracing(
  config: Config['tracing'],
  options: { logger: Logger; instanceId: string },
): Tracing | undefined {
  if (config.endpoint === undefined) return undefined;
  const log = options.logger.child({ component: 'tracing' });
  // A collector that does not answer costs a stop at most 5 s, not the SDK's default 30.
  const exporter = new OTLPTraceExporter({
    url: config.endpoint,
    headers: { ...config.headers },
    timeoutMillis: 5000,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': config.serviceName,
      'service.instance.id': options.instanceId,
    }),
    sampler: samplerOf(config.sampler),
    spanProcessors: [
      new BatchSpanProcessor(new WarningSpanExporter(exporter, log), {
        scheduledDelayMillis: 1000,
        exportTimeoutMillis: 5000,
      }),
    ],
  });
  // Refused (false) when one is registered already: by an earlier server of this process, or by the host app.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // Without user info, query or headers: those may hold a collector's token.
  const url = new URL(config.endpoint);
  log.info({ endpoint: `${url.origin}${url.pathname}` }, 'sending traces over OTLP/HTTP');
  return {
    tracer: provider.getTracer('cmw-platform-agent'),
    shutdown: () => provider.shutdown(),
  };
}

/** The SDK sampler for the configured one: a share of trace ids, behind the caller's decision when parent-based. */
function samplerOf(sampler: Config['tracing']['sampler']): Sampler {
  const root = new TraceIdRatioBasedSampler(sampler.ratio);
  return sampler.parentBased ? new ParentBasedSampler({ root }) : root;
}
