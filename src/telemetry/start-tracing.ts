import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config/config.js';

/** The server's tracer and how to stop it. */
export interface Tracing {
  /** Spans of runs, LLM steps and tool calls are made with it. */
  readonly tracer: Tracer;
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured: spans are batched and sent over OTLP/HTTP
 * (JSON), sampled parent-based (a sampled incoming `traceparent` is always followed, new traces at
 * `samplerRatio`). The tracer provider stays this server's own (not the process-wide one), so servers in one
 * process do not share it; only an AsyncLocalStorage context manager is registered process-wide, once, so that
 * spans made inside a run (the AI SDK's) find the run's span as their parent.
 * @returns undefined when tracing is off (no endpoint): nothing is started and nothing costs anything
 */
export function startTracing(config: Config['tracing']): Tracing | undefined {
  if (config.endpoint === undefined) return undefined;
  // A collector that does not answer costs a stop at most 5 s, not the SDK's default 30.
  const exporter = new OTLPTraceExporter({
    url: config.endpoint,
    headers: { ...config.headers },
    timeoutMillis: 5000,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.samplerRatio) }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000, exportTimeoutMillis: 5000 }),
    ],
  });
  // Refused (false) when one is registered already: by an earlier server of this process, or by the host app.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return {
    tracer: provider.getTracer('cmw-platform-agent'),
    shutdown: () => provider.shutdown(),
  };
}
