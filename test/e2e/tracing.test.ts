import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postCall, readCallStream } from '../helpers/call-client.js';
import { api, newClientKey, readEvents } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

/**
 * OpenTelemetry traces, end to end: the real server exports over OTLP/HTTP (JSON) to a collector of the test's
 * own (a plain HTTP server on a socket), and the spans are read back as a collector would see them.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** A collector: every span it was sent, and the raw bodies (to look for secrets). */
class Collector {
  readonly spans: OtlpSpan[] = [];
  readonly bodies: string[] = [];
  readonly paths: string[] = [];
  #server: HttpServer | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        this.paths.push(
          `${req.method} ${req.url} ${req.headers['content-type']} ${String(req.headers['x-collector-token'])}`,
        );
        this.bodies.push(body);
        const parsed = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const rs of parsed.resourceSpans) for (const ss of rs.scopeSpans) this.spans.push(...ss.spans);
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server!.close(() => resolve()));
  }
}

const attr = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value === undefined ? undefined : Object.values(value)[0];
};

/** Whether `span` descends from `ancestor` through the spans seen. */
function descendsFrom(span: OtlpSpan, ancestor: OtlpSpan, all: OtlpSpan[]): boolean {
  let current: OtlpSpan | undefined = span;
  while (current?.parentSpanId) {
    if (current.parentSpanId === ancestor.spanId) return true;
    const parentId: string = current.parentSpanId;
    current = all.find((s) => s.spanId === parentId);
  }
  return false;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929b0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const LLM_KEY = 'sk-tracing-test-llm-key-5d1e';
const PLATFORM_PASSWORD = 'tracing-test-platform-password';
const QUESTION = 'What time is it in the tracing test?';

let sim: LlmSimulator;
let collector: Collector;

beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  sim.reset();
  collector = new Collector();
  await collector.start();
  return () => collector.close();
});

async function serve(env: Record<string, string>) {
  const server = await startTestServer(
    simEnv(sim.url, {
      OPENAI_API_KEY: LLM_KEY,
      CMW_BASE_URL: 'http://127.0.0.1:9',
      CMW_LOGIN: 'analyst',
      CMW_PASSWORD: PLATFORM_PASSWORD,
      ...env,
    }),
  );
  await waitReady(server.url);
  return server;
}

describe('OpenTelemetry traces', () => {
  it('a run continues the caller’s trace: its span, then the LLM steps and the tool call under it, nothing secret', async () => {
    const server = await serve({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=abc%20123',
      OTEL_SERVICE_NAME: 'agent-under-test',
    });
    sim.script(
      { toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'UTC' } }] },
      { text: 'It is noon.' },
    );
    const key = newClientKey();
    const posted = await api(
      server.url,
      key,
      'POST',
      '/api/runs',
      { question: QUESTION },
      { headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`, tracestate: 'vendor=1' } },
    );
    expect(posted.status).toBe(202);
    const { events } = await readEvents(server.url, key, posted.json.run_id);
    expect(events.at(-1)?.data).toMatchObject({ type: 'run-end', status: 'completed' });
    // Closing flushes the spans still batched.
    await server.close();

    expect(collector.paths[0]).toBe('POST /v1/traces application/json abc 123');
    const run = collector.spans.find((s) => s.name === 'cmw.run');
    expect(run).toMatchObject({ traceId: TRACE_ID, parentSpanId: PARENT_SPAN_ID });
    expect(attr(run!, 'cmw.run.id')).toBe(posted.json.run_id);
    expect(attr(run!, 'cmw.api')).toBe('native');
    expect(attr(run!, 'cmw.run.status')).toBe('completed');
    expect(attr(run!, 'cmw.model')).toBe('sim-model');

    const inTrace = collector.spans.filter((s) => s.traceId === TRACE_ID);
    const steps = inTrace.filter((s) => s.name === 'ai.streamText.doStream');
    const tools = inTrace.filter((s) => s.name === 'ai.toolCall');
    expect(steps).toHaveLength(2);
    expect(tools).toHaveLength(1);
    expect(attr(tools[0]!, 'ai.toolCall.name')).toBe('get_current_datetime');
    for (const span of [...steps, ...tools]) expect(descendsFrom(span, run!, inTrace)).toBe(true);

    const exported = collector.bodies.join('\n');
    expect(exported).toContain('agent-under-test');
    for (const secret of [LLM_KEY, PLATFORM_PASSWORD, QUESTION, 'It is noon.', key, posted.json.session_id])
      expect(exported).not.toContain(secret);
  });

  it('without a traceparent a run starts its own trace; a failed run’s span says why', async () => {
    const server = await serve({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces` });
    sim.script({ error: { status: 400, message: 'bad request from the model' } });
    const post = await postCall(server.url, 'ask', { data: ['Fail, please'] });
    const { frames } = await readCallStream(server.url, 'ask', post.json.event_id);
    expect(frames.at(-1)?.event).toBe('error');
    await server.close();

    const run = collector.spans.find((s) => s.name === 'cmw.run')!;
    expect(run.parentSpanId ?? '').toBe('');
    expect(run.traceId).not.toBe(TRACE_ID);
    expect(attr(run, 'cmw.api')).toBe('ask');
    expect(attr(run, 'cmw.run.status')).toBe('failed');
    expect(attr(run, 'cmw.error.code')).toEqual(expect.stringMatching(/^[A-Z_]+$/));
  });

  it('is off unless an endpoint is configured: nothing is sent', async () => {
    const server = await serve({});
    const post = await postCall(server.url, 'ask', { data: ['Hello'] });
    await readCallStream(server.url, 'ask', post.json.event_id);
    await server.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(collector.bodies).toEqual([]);
  });
});
