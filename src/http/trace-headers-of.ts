import type { FastifyRequest } from 'fastify';
import type { TraceHeaders } from '../runs/run-span.js';

/**
 * The W3C trace context (`traceparent`, `tracestate`) a request carried, for the run it makes; undefined when it
 * carried none. A malformed value is simply not followed (the run starts a new trace).
 */
export function traceHeadersOf(request: FastifyRequest): TraceHeaders | undefined {
  const { traceparent, tracestate } = request.headers;
  if (typeof traceparent !== 'string') return undefined;
  return { traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) };
}
