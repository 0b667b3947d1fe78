import {
  context as otelContext,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { RunApi } from './run-log.js';

const propagator = new W3CTraceContextPropagator();

/** The W3C trace context a request carried (`traceparent`, `tracestate`), as plain strings. */
export interface TraceHeaders {
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
}

/** A run's span: the context its work runs in, and its end. */
export interface RunSpan {
  /** Runs `fn` with the run's span as the active one, so the spans made inside are its children. */
  within<T>(fn: () => T): T;
  /** Ends the span with the run's outcome. */
  end(outcome: { status: string; errorCode?: string | undefined; model?: string | undefined }): void;
}

/**
 * Starts the span of one run (`cmw.run`), as a child of the caller's trace when its request carried a valid
 * `traceparent`, else as a new trace. Its attributes name the run and its surface, and a session by a
 * fingerprint only: never a session id, a question, a credential or a key.
 */
export function startRunSpan(
  tracer: Tracer,
  run: { id: string; api: RunApi; sessionFingerprint?: string | undefined; traceHeaders?: TraceHeaders },
): RunSpan {
  const parent: Context = run.traceHeaders
    ? propagator.extract(ROOT_CONTEXT, { ...run.traceHeaders }, defaultTextMapGetter)
    : ROOT_CONTEXT;
  const span: Span = tracer.startSpan(
    'cmw.run',
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'cmw.run.id': run.id,
        'cmw.api': run.api,
        ...(run.sessionFingerprint !== undefined
          ? { 'cmw.session.fingerprint': run.sessionFingerprint }
          : {}),
      },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return {
    within: (fn) => otelContext.with(active, fn),
    end: ({ status, errorCode, model }) => {
      span.setAttribute('cmw.run.status', status);
      if (model !== undefined) span.setAttribute('cmw.model', model);
      if (errorCode !== undefined) {
        span.setAttribute('cmw.error.code', errorCode);
        if (status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      }
      span.end();
    },
  };
}
