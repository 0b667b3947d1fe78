import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRunSpan } from './run-span.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
const TRACE_ID = '4bf92f3577b34da6a3ce929b0e0e4736';
const PARENT = '00f067aa0ba902b7';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(async () => {
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

async function finished() {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

describe('startRunSpan', () => {
  it('continues the trace of a traceparent (and keeps its tracestate); names the run, never the session', async () => {
    const span = startRunSpan(tracer, {
      id: 'run-1',
      api: 'native',
      sessionFingerprint: 'fp-1',
      traceHeaders: { traceparent: `00-${TRACE_ID}-${PARENT}-01`, tracestate: 'vendor=1' },
    });
    span.end({ status: 'completed', model: 'm-1' });
    const [run] = await finished();
    expect(run?.name).toBe('cmw.run');
    expect(run?.spanContext().traceId).toBe(TRACE_ID);
    expect(run?.parentSpanContext?.spanId).toBe(PARENT);
    expect(run?.parentSpanContext?.isRemote).toBe(true);
    expect(run?.spanContext().traceState?.get('vendor')).toBe('1');
    expect(run?.attributes).toEqual({
      'cmw.run.id': 'run-1',
      'cmw.api': 'native',
      'cmw.session.fingerprint': 'fp-1',
      'cmw.run.status': 'completed',
      'cmw.model': 'm-1',
    });
    expect(run?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('starts a new trace when the traceparent is missing or malformed', async () => {
    for (const traceHeaders of [
      undefined,
      { traceparent: 'not-a-traceparent' },
      { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` },
    ])
      startRunSpan(tracer, { id: 'r', api: 'ask', ...(traceHeaders ? { traceHeaders } : {}) }).end({
        status: 'completed',
      });
    const spans = await finished();
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    }
  });

  it('makes the spans started within the run (after awaits too) its children', async () => {
    const span = startRunSpan(tracer, { id: 'r', api: 'openai' });
    await span.within(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      tracer.startSpan('inner').end();
      expect(trace.getActiveSpan()).toBeDefined();
    });
    span.end({ status: 'completed' });
    const spans = await finished();
    const run = spans.find((s) => s.name === 'cmw.run')!;
    const inner = spans.find((s) => s.name === 'inner')!;
    expect(inner.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(run.spanContext().traceId);
    // Outside the run nothing is active.
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('ends with the outcome: a failed run is an error with its code, a cancelled one is not', async () => {
    startRunSpan(tracer, { id: 'f', api: 'gradio' }).end({ status: 'failed', errorCode: 'LLM_UNAVAILABLE' });
    startRunSpan(tracer, { id: 'c', api: 'gradio' }).end({ status: 'cancelled', errorCode: 'RUN_CANCELLED' });
    const [failed, cancelled] = await finished();
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'LLM_UNAVAILABLE' });
    expect(failed?.attributes).toMatchObject({
      'cmw.run.status': 'failed',
      'cmw.error.code': 'LLM_UNAVAILABLE',
    });
    expect(cancelled?.status.code).toBe(SpanStatusCode.UNSET);
    expect(cancelled?.attributes).toMatchObject({
      'cmw.run.status': 'cancelled',
      'cmw.error.code': 'RUN_CANCELLED',
    });
  });
});
