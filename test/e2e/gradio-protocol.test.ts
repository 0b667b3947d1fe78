import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

// The Gradio queue protocol on the wire, checked against the shapes in gradio-protocol.md (§2, §5, §6).

let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { STREAM_MAX_FPS: '1000' }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});
beforeEach(() => sim.reset());

async function json(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; type: string | null; body: any }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text
  }
  return { status: response.status, type: response.headers.get('content-type'), body };
}

const post = (path: string, body: unknown, raw?: string) =>
  json(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });

const join = (body: Record<string, unknown>) => post('/gradio_api/queue/join', body);

/** A `/queue/data` message, loosely typed for assertions. */
interface QueueMessage {
  msg: string;
  event_id: string | null;
  output?: { data?: unknown[]; error?: string; is_generating?: boolean };
  [key: string]: unknown;
}

/** Reads `/queue/data` to its end: the raw text and the parsed messages. */
async function readQueue(
  sessionHash: string,
  url = server.url,
): Promise<{ raw: string; messages: QueueMessage[] }> {
  const response = await fetch(
    `${url}/gradio_api/queue/data?session_hash=${encodeURIComponent(sessionHash)}`,
    {
      headers: { accept: 'text/event-stream' },
    },
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const raw = await response.text();
  return { raw, messages: blocks(raw).map((b) => JSON.parse(b.slice('data: '.length)) as QueueMessage) };
}

function blocks(raw: string): string[] {
  expect(raw.endsWith('\n\n')).toBe(true);
  return raw.slice(0, -2).split('\n\n');
}

let counter = 0;
const newSession = () => `test-session-${Date.now()}-${++counter}`;

describe('GET /config and /gradio_api/info', () => {
  it('describes the app as Gradio 5 with protocol sse_v3 and two queued endpoints', async () => {
    const { status, body } = await json('/config');
    expect(status).toBe(200);
    expect(body).toMatchObject({ protocol: 'sse_v3', api_prefix: '/gradio_api', enable_queue: true });
    expect(body.version).toMatch(/^5\.\d+\.\d+$/);
    expect(body.root).toBeUndefined();
    const deps = body.dependencies as {
      id: number;
      api_name: string;
      queue: boolean;
      types: { generator: boolean };
      inputs: number[];
      outputs: number[];
    }[];
    expect(deps.map((d) => [d.id, d.api_name, d.queue, d.types.generator])).toEqual([
      [0, 'ask', true, false],
      [1, 'ask_stream', true, true],
    ]);
    // Every component id a dependency names exists (the Python client crashes otherwise).
    const ids = new Set((body.components as { id: number; type: string }[]).map((c) => c.id));
    for (const dep of deps) {
      expect(dep.inputs).toHaveLength(5);
      expect(dep.outputs).toHaveLength(1);
      for (const id of [...dep.inputs, ...dep.outputs]) expect(ids.has(id)).toBe(true);
    }
  });

  it('lists both endpoints with their parameter names, the question required and the rest defaulting to ""', async () => {
    // The Python client asks with ?serialize=False.
    const { status, body } = await json('/gradio_api/info?serialize=False');
    expect(status).toBe(200);
    expect(Object.keys(body.named_endpoints)).toEqual(['/ask', '/ask_stream']);
    expect(body.unnamed_endpoints).toEqual({});
    type Parameter = { parameter_name: string; parameter_has_default: boolean; parameter_default: unknown };
    const endpoints: { parameters: Parameter[]; returns: unknown[] }[] = Object.values(body.named_endpoints);
    for (const endpoint of endpoints) {
      expect(endpoint.parameters.map((p) => p.parameter_name)).toEqual([
        'question',
        'username',
        'password',
        'base_url',
        'session_id',
      ]);
      expect(endpoint.parameters.map((p) => [p.parameter_has_default, p.parameter_default])).toEqual([
        [false, null],
        [true, ''],
        [true, ''],
        [true, ''],
        [true, ''],
      ]);
      expect(endpoint.parameters[0]).toMatchObject({ type: { type: 'string' }, component: 'Textbox' });
      expect(endpoint.returns).toHaveLength(1);
    }
  });
});

describe('POST /gradio_api/queue/join', () => {
  it('answers {event_id} and streams an /ask_stream job as sse_v3 messages with diffs', async () => {
    sim.script({ text: ['Ans', 'wer', ' done'], chunkDelayMs: 20 });
    const session = newSession();
    const joined = await join({
      data: ['q', '', '', '', ''],
      fn_index: 1,
      session_hash: session,
      event_data: null,
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ event_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const eventId = joined.body.event_id as string;

    const { raw, messages } = await readQueue(session);
    // Only `data: {json}` blocks: no `event:` lines, no comments (the Python client rejects both).
    for (const block of blocks(raw)) expect(block).toMatch(/^data: \{[^\n]*\}$/);
    expect(messages.map((m) => m.msg)).toEqual([
      'estimation',
      'process_starts',
      'process_generating',
      'process_generating',
      'process_generating',
      'process_completed',
      'close_stream',
    ]);
    expect(messages[0]).toEqual({
      msg: 'estimation',
      event_id: eventId,
      rank: 0,
      queue_size: 1,
      rank_eta: null,
    });
    expect(messages[1]).toEqual({ msg: 'process_starts', event_id: eventId, eta: null });
    const generating = messages.filter((m) => m.msg === 'process_generating');
    expect(generating.map((m) => m.output?.data)).toEqual([
      ['Ans'],
      [[['append', [], 'wer']]],
      [[['append', [], ' done']]],
    ]);
    expect(generating[0]).toMatchObject({
      event_id: eventId,
      success: true,
      output: { is_generating: true },
    });
    expect(messages[5]).toMatchObject({
      msg: 'process_completed',
      event_id: eventId,
      success: true,
      title: null,
      output: { data: ['Answer done'], is_generating: false },
    });
    expect(messages[5]!.output).not.toHaveProperty('error');
    expect(messages[6]).toEqual({ msg: 'close_stream', event_id: null });
  });

  it('sends only the final answer for /ask, and a failure as {error} with success false', async () => {
    const session = newSession();
    sim.script({ text: ['a', 'b'] }, { error: { status: 500 } });
    const ok = await join({ data: ['q'], fn_index: 0, session_hash: session });
    const failed = await join({ data: ['q2'], fn_index: 0, session_hash: session });
    const { messages } = await readQueue(session);
    const of = (id: string) => messages.filter((m) => m.event_id === id).map((m) => m.msg);
    expect(of(ok.body.event_id)).toEqual(['estimation', 'process_starts', 'process_completed']);
    // The session's jobs run one after the other; the stream closes only when both are delivered.
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
    expect(messages.filter((m) => m.msg === 'close_stream')).toHaveLength(1);
    const completions = messages.filter((m) => m.msg === 'process_completed');
    expect(completions[0]).toMatchObject({ success: true, output: { data: ['ab'] } });
    expect(completions[1]).toMatchObject({
      event_id: failed.body.event_id,
      success: false,
      title: 'Error',
      output: { error: expect.stringMatching(/HTTP 500/) },
    });
  });

  it('follows a dozen jobs of one session on one stream without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const session = newSession();
      sim.script(...Array.from({ length: 12 }, (_, i) => ({ text: [`answer `, `${i}`] })));
      // All twelve are pending when the stream opens: it follows every one of them at once.
      for (let i = 0; i < 12; i++) await join({ data: [`q${i}`], fn_index: 1, session_hash: session });
      const { messages } = await readQueue(session);
      expect(messages.filter((m) => m.msg === 'process_completed')).toHaveLength(12);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('keeps messages from join time: a stream opened after the run ended replays them', async () => {
    const session = newSession();
    sim.script({ text: ['late ', 'reader'] });
    const joined = await join({ data: ['q'], fn_index: 1, session_hash: session });
    const run = server.runs.peek(joined.body.event_id)!;
    for (let i = 0; i < 200 && !run.ended; i++) await new Promise((r) => setTimeout(r, 10));
    const { messages } = await readQueue(session);
    expect(messages.find((m) => m.msg === 'process_completed')?.output?.data).toEqual(['late reader']);
    // Delivered: the session has nothing left, so the next stream ends at once (as Gradio's: no close_stream).
    const again = await readQueue(session);
    expect(again.messages).toEqual([
      {
        msg: 'unexpected_error',
        event_id: null,
        message: '404: Not Found',
        session_not_found: true,
        success: false,
      },
    ]);
  });

  it('refuses bad joins with 4xx JSON carrying Gradio `detail`', async () => {
    const noHash = await join({ data: ['q'], fn_index: 0 });
    expect(noHash).toMatchObject({ status: 400, body: { detail: 'Session hash not found.' } });
    const noFn = await join({ data: ['q'], session_hash: 's' });
    expect(noFn).toMatchObject({ status: 400, body: { detail: 'No function index provided.' } });
    const unknownFn = await join({ data: ['q'], fn_index: 9, session_hash: 's' });
    expect(unknownFn.status).toBe(404);
    expect(unknownFn.type).toMatch(/application\/json/);
    expect(unknownFn.body).toMatchObject({
      error: { code: 'UNKNOWN_API' },
      detail: expect.stringMatching(/fn_index 9/),
    });
    const notArray = await join({ data: 'q', fn_index: 0, session_hash: 's' });
    expect(notArray).toMatchObject({
      status: 422,
      body: { detail: expect.stringMatching(/data must be an array/) },
    });
    const notString = await join({ data: ['q', 3], fn_index: 0, session_hash: 's' });
    expect(notString).toMatchObject({ status: 422, body: { detail: 'data[1] must be a string' } });
    const badJson = await post('/gradio_api/queue/join', undefined, '{"data": [');
    expect(badJson).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_JSON' }, detail: expect.any(String) },
    });
    expect(sim.requests).toHaveLength(0);
    // The server is still fine.
    expect((await json('/config')).status).toBe(200);
  });

  it('answers 503 with detail when the queue is full', async () => {
    const small = await startTestServer(simEnv(sim.url, { QUEUE_MAX_SIZE: '1' }));
    try {
      await waitReady(small.url);
      sim.script({ text: 'a', firstChunkDelayMs: 400 }, { text: 'b' });
      const session = newSession();
      const body = (q: string) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: [q], fn_index: 0, session_hash: `${session}-${q}` }),
      });
      const statuses = [];
      for (const q of ['1', '2', '3']) {
        const response = await fetch(`${small.url}/gradio_api/queue/join`, body(q));
        statuses.push([response.status, await response.json()]);
      }
      expect(statuses.map(([s]) => s)).toEqual([200, 200, 503]);
      expect(statuses[2]![1]).toMatchObject({
        error: { code: 'QUEUE_FULL' },
        detail: expect.stringMatching(/queue is full/i),
      });
      await readQueue(`${session}-2`, small.url);
    } finally {
      await small.close();
    }
  });
});

describe('the other routes', () => {
  it('keeps the heartbeat stream open with data: ALIVE', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/gradio_api/heartbeat/any-session`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: ALIVE\n\n');
    controller.abort();
  });

  it('sends heartbeat messages on an idle queue stream', async () => {
    const slow = await startTestServer(simEnv(sim.url, { STREAM_HEARTBEAT_S: '0.1' }));
    try {
      await waitReady(slow.url);
      sim.script({ text: 'finally', firstChunkDelayMs: 450 });
      const session = newSession();
      await fetch(`${slow.url}/gradio_api/queue/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: ['q'], fn_index: 0, session_hash: session }),
      });
      const { messages } = await readQueue(session, slow.url);
      const beats = messages.filter((m) => m.msg === 'heartbeat');
      expect(beats.length).toBeGreaterThanOrEqual(2);
      expect(beats[0]).toEqual({ msg: 'heartbeat', event_id: null });
      expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
    } finally {
      await slow.close();
    }
  });

  it('cancels a job on the session stream, and acknowledges reset', async () => {
    sim.script({ text: Array.from({ length: 50 }, (_, i) => `w${i} `), chunkDelayMs: 40 });
    const session = newSession();
    const joined = await join({ data: ['q'], fn_index: 1, session_hash: session });
    const eventId = joined.body.event_id as string;
    const reading = readQueue(session);
    for (
      let i = 0;
      i < 200 &&
      !server.runs
        .peek(eventId)!
        .snapshot()
        .some((e) => e.type === 'text-delta');
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    // Someone else's session cannot cancel it.
    expect(
      (await post('/gradio_api/cancel', { event_id: eventId, session_hash: 'other', fn_index: 1 })).status,
    ).toBe(404);
    const cancel = await post('/gradio_api/cancel', {
      event_id: eventId,
      session_hash: session,
      fn_index: 1,
    });
    expect(cancel).toMatchObject({ status: 200, body: { success: true } });
    expect(await post('/gradio_api/reset', { event_id: eventId })).toMatchObject({
      status: 200,
      body: { success: true },
    });
    const { messages } = await reading;
    // Ended as Gradio ends a cancelled job: success, not an error (see gradio-conformance.test.ts).
    expect(messages.at(-2)).toMatchObject({ msg: 'process_completed', event_id: eventId, success: true });
    expect(server.runs.peek(eventId)!.status).toBe('cancelled');
    // After the fact it is still acknowledged; an id that was never issued is a 404.
    expect((await post('/gradio_api/cancel', { event_id: eventId, session_hash: session })).body).toEqual({
      success: true,
    });
    expect(
      await post('/gradio_api/cancel', { event_id: 'f'.repeat(32), session_hash: session }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_EVENT' }, detail: expect.any(String) },
    });
  });

  it('requires session_hash on /queue/data', async () => {
    const { status, body } = await json('/gradio_api/queue/data');
    expect(status).toBe(400);
    expect(body.detail).toMatch(/session_hash/);
  });
});
