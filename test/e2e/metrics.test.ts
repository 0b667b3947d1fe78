import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, postCall, readCallStream } from '../helpers/call-client.js';
import { api, newClientKey, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// GET /metrics on real servers: the LLM simulator scripts answers, tool calls and failures, the platform simulator
// answers (or fails) the tools' calls. After a known set of runs the text parses strictly as the Prometheus text
// format and every counter and histogram holds what those runs did, with bounded labels only.

const API_KEY = 'metrics-scraper-key-5d1c';
const SESSION = 'client-chosen-session-7q2w';
const CHOSEN_MODEL = 'client-pick-model-q8';
const BOGUS_TOOL = 'no_such_tool_zz9';

let llm: LlmSimulator;
let platform: PlatformSimulator;
/** Runs the scenario; no API keys. */
let a: TestServer;
/** A second server in the same process, with API_KEYS and the OpenRouter provider: its counters are its own. */
let b: TestServer;

beforeAll(async () => {
  llm = await startLlmSimulator({
    models: [
      { id: 'sim-model', context_length: 131072 },
      { id: CHOSEN_MODEL, context_length: 131072 },
    ],
  });
  platform = await startPlatformSimulator();
  a = await startTestServer(
    simEnv(llm.url, {
      STREAM_MAX_FPS: '1000',
      QUEUE_CONCURRENCY: '1',
      AGENT_DEFAULT_MODEL: 'sim-model',
      CMW_BASE_URL: platform.url,
      CMW_LOGIN: platform.credentials.login,
      CMW_PASSWORD: platform.credentials.password,
    }),
  );
  // OpenRouter's wire format (the simulator speaks it): the provider reports each call's cost.
  b = await startTestServer({
    AGENT_PROVIDER: 'openrouter',
    OPENROUTER_API_KEY: 'sk-or-metrics-test',
    OPENROUTER_BASE_URL: llm.url,
    AGENT_DEFAULT_MODEL: 'sim-model',
    API_KEYS: API_KEY,
  });
  await Promise.all([waitReady(a.url), waitReady(b.url)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await llm?.close();
  await platform?.close();
});

/** One sample line of the text format. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\["\\\\n])*"`;
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes `Nan`).
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[Nn][Aa][Nn]|[+-][Ii]nf)';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? (${VALUE})$`);

/**
 * A strict reader of the Prometheus text format 0.0.4: every line is a HELP, a TYPE, a sample or blank; every
 * sample belongs to a family whose TYPE came first (histograms: `_bucket`, `_sum`, `_count`); no family is
 * declared twice and no series appears twice. Throws naming the first bad line.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '' || HELP_LINE.test(line)) continue;
    const type = TYPE_LINE.exec(line);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`TYPE declared twice: ${line}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`Not a line of the Prometheus text format: ${JSON.stringify(line)}`);
    const name = sample[1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    const familyType = types.get(family);
    if (!familyType || (family !== name && familyType !== 'histogram' && familyType !== 'summary'))
      throw new Error(`Sample of an undeclared family: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g))
      labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`Series twice: ${line}`);
    seen.add(key);
    const raw = sample[3]!;
    samples.push({
      name,
      labels,
      value: /inf$/i.test(raw) ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw),
    });
  }
  return { types, samples };
}

/** Scrapes `/metrics` and parses it strictly. */
async function scrape(server: TestServer, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}/metrics`, { headers });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const text = await r.text();
  const parsed = parsePrometheus(text);
  /** The value of the one series with exactly these labels (0 when absent: counters start there). */
  const value = (name: string, labels: Record<string, string> = {}): number => {
    const want = JSON.stringify(Object.entries(labels).sort());
    const found = parsed.samples.filter(
      (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want,
    );
    expect(found.length, `${name} ${want}`).toBeLessThanOrEqual(1);
    return found[0]?.value ?? 0;
  };
  /** The sum of every series of `name` whose labels include `labels`. */
  const sum = (name: string, labels: Record<string, string> = {}): number =>
    parsed.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  return { text, ...parsed, value, sum };
}

/** Polls until `check` passes, within a generous bound. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const usage = (prompt: number, completion: number) => ({
  usage: { prompt_tokens: prompt, completion_tokens: completion },
});
const directive = (reply: Record<string, unknown>) => `[[sim:${JSON.stringify(reply)}]]`;

describe('GET /metrics', () => {
  it('starts with every surface at zero and the process metrics', async () => {
    const m = await scrape(a);
    for (const api of ['ask', 'ask_stream', 'gradio', 'openai', 'native'])
      expect(m.value('cmw_runs_created_total', { api })).toBe(0);
    expect(m.types.get('cmw_run_duration_seconds')).toBe('histogram');
    expect(m.types.get('cmw_runs_ended_total')).toBe('counter');
    expect(m.types.get('cmw_queue_runs')).toBe('gauge');
    // prom-client's default Node metrics: the process and its event loop.
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(m.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(m.value('cmw_http_event_streams_open')).toBe(0);
  });

  it('counts runs, tokens, tool and platform calls, streams and the queue from what the runs did', async () => {
    // 1. Completed, with a client-chosen session id.
    llm.script({ text: 'Hello there, analyst.', ...usage(100, 20) });
    const first = await ask(a.url, ['Hi'], { sessionHash: SESSION });
    expect(first.final.event).toBe('complete');

    // 2. A tool call that works (one GET to the platform), then the answer.
    llm.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }], ...usage(10, 5) },
      { text: 'Two applications.', ...usage(10, 5) },
    );
    await ask(a.url, ['Which applications are there?']);

    // 3. The same tool, the platform failing (HTTP 500): the tool answers an error result.
    platform.failNext('/webapi/Solution', 500);
    llm.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }], ...usage(1, 1) },
      { text: 'The platform failed.', ...usage(1, 1) },
    );
    await ask(a.url, ['Which applications are there now?']);

    // 4. A tool name the model made up: counted as `unknown`, never under its name.
    llm.script(
      { toolCalls: [{ name: BOGUS_TOOL, arguments: {} }], ...usage(1, 1) },
      { text: 'No such tool.', ...usage(1, 1) },
    );
    await ask(a.url, ['Use a tool that does not exist']);

    // 5. Failed with a known code: the provider refuses (429 → LLM_RATE_LIMITED), on the `ask` API.
    const failed = await ask(a.url, [directive({ error: { status: 429, message: 'slow down' } })], {
      api: 'ask',
    });
    expect(failed.final.event).toBe('error');

    // 6. A native run on a model the client chose, hanging after its first chunk, holds the only slot while
    //    its event stream is open; a /call run waits behind it; then the native run is cancelled.
    const key = newClientKey();
    llm.script(
      { text: 'Slow answer that never ends.', hangAfterChunks: 1, ...usage(1, 1) },
      { text: 'After the slow one.', ...usage(3, 3) },
    );
    const native = await startRun(a.url, key, { question: 'slow one', model: CHOSEN_MODEL });
    const controller = new AbortController();
    const stream = fetch(`${a.url}/api/runs/${native.run_id}/events`, {
      headers: { 'x-client-key': key },
      signal: controller.signal,
    });
    const waiting = await postCall(a.url, 'ask_stream', { data: ['after the slow one'] });
    expect(waiting.status).toBe(200);
    await eventually(async () => {
      const m = await scrape(a);
      expect(m.value('cmw_http_event_streams_open')).toBe(1);
      expect(m.value('cmw_queue_runs', { state: 'running' })).toBe(1);
      expect(m.value('cmw_queue_runs', { state: 'waiting' })).toBe(1);
      expect(m.value('cmw_run_first_token_seconds_count', { api: 'native' })).toBe(1);
    });
    expect((await api(a.url, key, 'POST', `/api/runs/${native.run_id}/cancel`)).status).toBe(202);
    const after = await readCallStream(a.url, 'ask_stream', waiting.json.event_id as string);
    expect(after.frames.at(-1)?.event).toBe('complete');
    controller.abort();
    await stream.catch(() => undefined);

    await eventually(async () => {
      const m = await scrape(a);
      expect(m.value('cmw_http_event_streams_open')).toBe(0);
      expect(m.value('cmw_queue_runs', { state: 'running' })).toBe(0);
      expect(m.value('cmw_queue_runs', { state: 'waiting' })).toBe(0);
    });
    const m = await scrape(a);

    // Runs by surface, status and code.
    expect(m.value('cmw_runs_created_total', { api: 'ask_stream' })).toBe(5);
    expect(m.value('cmw_runs_created_total', { api: 'ask' })).toBe(1);
    expect(m.value('cmw_runs_created_total', { api: 'native' })).toBe(1);
    expect(m.value('cmw_runs_started_total', { api: 'ask_stream' })).toBe(5);
    expect(m.value('cmw_runs_ended_total', { api: 'ask_stream', status: 'completed', code: 'none' })).toBe(5);
    expect(m.value('cmw_runs_ended_total', { api: 'ask', status: 'failed', code: 'LLM_RATE_LIMITED' })).toBe(
      1,
    );
    expect(
      m.value('cmw_runs_ended_total', { api: 'native', status: 'cancelled', code: 'RUN_CANCELLED' }),
    ).toBe(1);
    expect(m.sum('cmw_runs_ended_total')).toBe(7);

    // Histograms: one observation per started run; first token for runs that wrote text.
    expect(m.sum('cmw_queue_wait_seconds_count')).toBe(7);
    expect(m.value('cmw_queue_wait_seconds_count', { api: 'ask_stream' })).toBe(5);
    expect(m.value('cmw_run_duration_seconds_count', { api: 'ask_stream', status: 'completed' })).toBe(5);
    expect(m.value('cmw_run_duration_seconds_count', { api: 'ask', status: 'failed' })).toBe(1);
    expect(m.value('cmw_run_duration_seconds_count', { api: 'native', status: 'cancelled' })).toBe(1);
    expect(m.value('cmw_run_first_token_seconds_count', { api: 'ask_stream' })).toBe(5);
    expect(m.value('cmw_run_first_token_seconds_count', { api: 'ask' })).toBe(0);
    expect(m.value('cmw_queue_wait_seconds_bucket', { api: 'ask_stream', le: '+Inf' })).toBe(5);
    expect(m.value('cmw_queue_wait_seconds_sum', { api: 'ask_stream' })).toBeGreaterThan(0);

    // Tokens as the provider reported them: 100+20, 10+5 twice, 1+1 four times, 3+3 for the run that waited;
    // the failed run used none, and the cancelled one never got its usage chunk. This provider reports no cost.
    expect(m.value('cmw_llm_tokens_total', { type: 'input' })).toBe(127);
    expect(m.value('cmw_llm_tokens_total', { type: 'output' })).toBe(37);
    expect(m.value('cmw_llm_cost_usd_total')).toBe(0);

    // Tools by registered name and outcome; the made-up name is `unknown`.
    expect(
      m.value('cmw_tool_call_duration_seconds_count', { tool: 'list_applications', outcome: 'ok' }),
    ).toBe(1);
    expect(
      m.value('cmw_tool_call_duration_seconds_count', { tool: 'list_applications', outcome: 'error' }),
    ).toBe(1);
    expect(m.value('cmw_tool_call_duration_seconds_count', { tool: 'unknown', outcome: 'error' })).toBe(1);

    // Platform calls by method and status class.
    expect(
      m.value('cmw_platform_request_duration_seconds_count', { method: 'GET', status_class: '2xx' }),
    ).toBe(1);
    expect(
      m.value('cmw_platform_request_duration_seconds_count', { method: 'GET', status_class: '5xx' }),
    ).toBe(1);

    // Labels are bounded: nothing a client chose, no run id, no URL.
    expect(m.text).not.toContain(SESSION);
    expect(m.text).not.toContain(CHOSEN_MODEL);
    expect(m.text).not.toContain(BOGUS_TOOL);
    expect(m.text).not.toContain(native.run_id);
    expect(m.text).not.toContain(native.session_id);
    expect(m.text).not.toContain(platform.url);
    expect(m.text).not.toContain(platform.credentials.password);
    const allowed: Record<string, RegExp> = {
      api: /^(ask|ask_stream|gradio|openai|native|mcp)$/,
      status: /^(completed|failed|cancelled)$/,
      code: /^([A-Z_]+|none)$/,
      state: /^(waiting|running)$/,
      type: /^(input|output|cached_input)$/,
      currency: /^[A-Z]{3}$/,
      outcome: /^(ok|error)$/,
      method: /^(GET|POST|PUT|DELETE)$/,
      status_class: /^([1-5]xx|error)$/,
    };
    for (const s of m.samples.filter((x) => x.name.startsWith('cmw_')))
      for (const [label, v] of Object.entries(s.labels)) {
        if (label === 'le') continue;
        if (label === 'tool') expect(v).toMatch(/^([a-z_]+)$/);
        else expect(v, `${s.name} ${label}`).toMatch(allowed[label] ?? /^$/);
      }
  });

  it('is protected by API_KEYS: a scraper sends the key as a bearer token', async () => {
    const without = await fetch(`${b.url}/metrics`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('INVALID_API_KEY');
    const m = await scrape(b, { authorization: `Bearer ${API_KEY}` });
    expect(m.value('cmw_runs_created_total', { api: 'ask_stream' })).toBe(0);
  });

  it('keeps the counters of two servers in one process apart', async () => {
    const before = await scrape(a);
    const auth = { authorization: `Bearer ${API_KEY}` };
    llm.script({
      text: 'From the second server.',
      usage: { prompt_tokens: 5, completion_tokens: 2, cost: 0.25 },
    });
    const post = await fetch(`${b.url}/call/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ data: ['On the second server'] }),
    });
    const { event_id } = (await post.json()) as { event_id: string };
    const read = await readCallStream(b.url, 'ask', event_id, { headers: auth });
    expect(read.frames.at(-1)?.event).toBe('complete');

    const onB = await scrape(b, auth);
    expect(onB.value('cmw_runs_created_total', { api: 'ask' })).toBe(1);
    expect(onB.value('cmw_runs_ended_total', { api: 'ask', status: 'completed', code: 'none' })).toBe(1);
    expect(onB.sum('cmw_runs_ended_total')).toBe(1);
    expect(onB.value('cmw_llm_tokens_total', { type: 'input' })).toBe(5);
    expect(onB.value('cmw_llm_tokens_total', { type: 'output' })).toBe(2);
    expect(onB.value('cmw_llm_cost_usd_total')).toBe(0.25);
    const onA = await scrape(a);
    for (const name of [
      'cmw_runs_created_total',
      'cmw_runs_ended_total',
      'cmw_llm_tokens_total',
      'cmw_llm_cost_usd_total',
    ])
      expect(onA.sum(name), name).toBe(before.sum(name));
  });
});
