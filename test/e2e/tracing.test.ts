import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask as askCall, postCall, readCallStream } from '../helpers/call-client.js';
import { api, newClientKey, readEvents } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { SEED, startPlatformSimulator } from '../sim/platform/platform-simulator.js';

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
  /** The status every export is answered with. */
  status = 200;

  /**
   * @param port - 0 for any free port
   * @returns false when the port is taken (nothing listens then)
   */
  async start(port = 0): Promise<boolean> {
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
        res.statusCode = this.status;
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    const listening = await new Promise<boolean>((resolve) => {
      this.#server!.once('error', () => resolve(false));
      this.#server!.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) return false;
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return true;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#server?.listening) resolve();
      else this.#server.close(() => resolve());
    });
  }

  /** Every run's span (`cmw.run`) it was sent. */
  runSpans(): OtlpSpan[] {
    return this.spans.filter((s) => s.name === 'cmw.run');
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
/** A W3C `traceparent` (version 00), sampled unless told otherwise. */
const traceparent = (traceId: string, spanId: string, sampled = true) =>
  `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
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
      { headers: { traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID), tracestate: 'vendor=1' } },
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
    expect(exported).toContain('"service.instance.id"');
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

  it('every surface that makes a run (Gradio /call, Gradio queue, OpenAI) continues its request’s trace', async () => {
    const server = await serve({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const parents = {
      ask_stream: ['11111111111111111111111111111111', '1111111111111111'],
      gradio: ['22222222222222222222222222222222', '2222222222222222'],
      openai: ['33333333333333333333333333333333', '3333333333333333'],
    } as const;
    const headers = (api: keyof typeof parents) => ({
      'content-type': 'application/json',
      traceparent: traceparent(parents[api][0], parents[api][1]),
    });

    const call = await fetch(`${server.url}/gradio_api/call/ask_stream`, {
      method: 'POST',
      headers: headers('ask_stream'),
      body: JSON.stringify({ data: [QUESTION] }),
    });
    const { event_id } = (await call.json()) as { event_id: string };
    await readCallStream(server.url, 'ask_stream', event_id, { prefix: '/gradio_api' });

    const session = `tracing-${Date.now()}`;
    const joined = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: 'POST',
      headers: headers('gradio'),
      body: JSON.stringify({ data: [QUESTION, '', '', '', ''], fn_index: 1, session_hash: session }),
    });
    expect(joined.status).toBe(200);
    await (await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`)).text();

    const completion = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers('openai'),
      body: JSON.stringify({ messages: [{ role: 'user', content: QUESTION }] }),
    });
    expect(completion.status).toBe(200);
    await completion.json();
    await server.close();

    const runs = collector.runSpans();
    expect(runs).toHaveLength(3);
    for (const [api, [traceId, spanId]] of Object.entries(parents)) {
      const run = runs.find((s) => attr(s, 'cmw.api') === api);
      expect(run, api).toMatchObject({ traceId, parentSpanId: spanId });
      expect(attr(run!, 'cmw.run.status')).toBe('completed');
      const steps = collector.spans.filter(
        (s) => s.name === 'ai.streamText.doStream' && s.traceId === traceId,
      );
      expect(steps.length).toBeGreaterThan(0);
    }
    expect(collector.bodies.join('\n')).not.toContain(QUESTION);
  });

  it('a platform tool call: the platform calls under the tool call, with no credentials, path or arguments', async () => {
    const platform = await startPlatformSimulator({
      strict: true,
      users: [{ login: 'analyst', password: PLATFORM_PASSWORD }],
    });
    try {
      const server = await serve({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, CMW_BASE_URL: platform.url });
      const template = SEED.hr.templates.vacationRequest;
      sim.script(
        {
          toolCalls: [
            {
              name: 'list_attributes',
              arguments: { application_system_name: 'HR', template_system_name: template },
            },
          ],
        },
        { text: 'It has attributes.' },
      );
      const key = newClientKey();
      const posted = await api(
        server.url,
        key,
        'POST',
        '/api/runs',
        { question: QUESTION },
        { headers: { traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID) } },
      );
      const { events } = await readEvents(server.url, key, posted.json.run_id);
      expect(events.find((e) => e.data.type === 'tool-call-end')?.data).toMatchObject({ isError: false });
      await server.close();

      const inTrace = collector.spans.filter((s) => s.traceId === TRACE_ID);
      const run = inTrace.find((s) => s.name === 'cmw.run')!;
      const tool = inTrace.find((s) => s.name === 'ai.toolCall')!;
      const calls = inTrace.filter((s) => s.name === 'cmw.platform.call');
      expect(run.parentSpanId).toBe(PARENT_SPAN_ID);
      expect(calls.length).toBeGreaterThan(0);
      for (const platformCall of calls) {
        expect(platformCall.parentSpanId).toBe(tool.spanId);
        expect(attr(platformCall, 'http.request.method')).toEqual(expect.stringMatching(/^(GET|POST)$/));
        expect(attr(platformCall, 'http.response.status_code')).toBe(200);
        expect(attr(platformCall, 'server.port')).toBe(Number(new URL(platform.url).port));
      }
      expect(descendsFrom(tool, run, inTrace)).toBe(true);

      const exported = collector.bodies.join('\n');
      const basic = Buffer.from(`analyst:${PLATFORM_PASSWORD}`).toString('base64');
      for (const secret of [PLATFORM_PASSWORD, basic, LLM_KEY, QUESTION, template, 'It has attributes.', key])
        expect(exported).not.toContain(secret);
    } finally {
      await platform.close();
    }
  });

  it('a history summary is an LLM call of its run’s trace too, without the transcript or the summary', async () => {
    const server = await serve({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      AGENT_CONTEXT_TOKENS: '180000',
      AGENT_MAX_OUTPUT_TOKENS: '1000',
    });
    // ~60k tokens an answer: the fourth question no longer fits with three turns before it (as in sessions.test.ts).
    const isSummary = (request: { body: any }) =>
      request.body.tools === undefined &&
      String(request.body.messages[0]?.content).startsWith('You summarise');
    sim.setHandler((request) =>
      isSummary(request) ? { text: 'SUMMARY-OF-TURN-ONE.' } : { text: ['y'.repeat(240_000)] },
    );
    for (const q of ['oldest question', 'middle question', 'recent question', 'newest question'])
      await askCall(server.url, [q], { sessionHash: 'traced-budget' });
    expect(sim.requests.filter(isSummary)).toHaveLength(1);
    await server.close();

    const summary = collector.spans.filter(
      (s) => s.name === 'ai.generateText' && attr(s, 'ai.telemetry.functionId') === 'cmw.summarise-history',
    );
    expect(summary).toHaveLength(1);
    const inTrace = collector.spans.filter((s) => s.traceId === summary[0]!.traceId);
    const run = inTrace.find((s) => s.name === 'cmw.run')!;
    expect(descendsFrom(summary[0]!, run, inTrace)).toBe(true);
    // The same run's agent call follows it in the same trace.
    expect(inTrace.some((s) => s.name === 'ai.streamText')).toBe(true);
    const exported = collector.bodies.join('\n');
    for (const text of ['oldest question', 'newest question', 'SUMMARY-OF-TURN-ONE', 'yyyyyyyy'])
      expect(exported).not.toContain(text);
  });

  it('honours OTEL_TRACES_SAMPLER: parentbased_always_off keeps only the runs a caller sampled', async () => {
    const server = await serve({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_SAMPLER: 'parentbased_always_off',
    });
    const ask = async (headers: Record<string, string>) => {
      const response = await fetch(`${server.url}/call/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ data: ['Hello'] }),
      });
      const { event_id } = (await response.json()) as { event_id: string };
      await readCallStream(server.url, 'ask', event_id);
    };
    await ask({ traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID) });
    await ask({});
    await ask({ traceparent: traceparent('44444444444444444444444444444444', PARENT_SPAN_ID, false) });
    await server.close();

    expect(collector.runSpans().map((s) => s.traceId)).toEqual([TRACE_ID]);
    expect(new Set(collector.spans.map((s) => s.traceId))).toEqual(new Set([TRACE_ID]));
  });

  it('says in the log when the collector refuses the spans', async () => {
    collector.status = 400;
    const server = await serve({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const post = await postCall(server.url, 'ask', { data: ['Hello'] });
    await readCallStream(server.url, 'ask', post.json.event_id);
    await server.close();
    expect(collector.bodies.length).toBeGreaterThan(0);
    expect(server.logText()).toMatch(/sending traces to the OTLP endpoint failed/);
    expect(server.logText()).toMatch(/"droppedSpans":[1-9]/);
  });

  it('is off unless an endpoint is configured, and with OTEL_SDK_DISABLED=true: nothing is sent', async () => {
    // A collector on the OTLP default port too (when it is free): an SDK started with its defaults would send there.
    const onDefaultPort = new Collector();
    const listening = await onDefaultPort.start(4318);
    const envs: Record<string, string>[] = [
      // Every other tracing variable, but no endpoint.
      { OTEL_SERVICE_NAME: 'unused', OTEL_EXPORTER_OTLP_HEADERS: 'x=1', OTEL_TRACES_SAMPLER: 'always_on' },
      // An endpoint, switched off by the specification's variable.
      { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SDK_DISABLED: 'true' },
    ];
    try {
      for (const env of envs) {
        const server = await serve(env);
        const post = await postCall(server.url, 'ask', { data: ['Hello'] });
        await fetch(`${server.url}/call/ask/${post.json.event_id}`, {
          headers: { traceparent: traceparent(TRACE_ID, PARENT_SPAN_ID) },
        }).then((r) => r.text());
        await server.close();
        expect(server.logText()).not.toContain('sending traces');
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(collector.bodies).toEqual([]);
      if (listening) expect(onDefaultPort.bodies).toEqual([]);
    } finally {
      await onDefaultPort.close();
    }
  });
});
