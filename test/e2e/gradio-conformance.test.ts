import { Client as UntypedClient } from '@gradio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask as askCall, postCall } from '../helpers/call-client.js';
import { newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { userWords } from '../helpers/user-words.js';

// Issue 9, "Real Gradio clients see something different from a real Gradio server", and issue 8 item 8: one test
// per point, each naming the Gradio source (version 5.49.1 unless said otherwise) whose behaviour it pins down.
// The server streams at STREAM_MAX_FPS=2, so any coalescing that could hide the end of an answer would show.

let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { STREAM_MAX_FPS: '2' }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});
beforeEach(() => sim.reset());

/** A `/queue/data` message, loosely typed for assertions. */
interface QueueMessage {
  msg: string;
  event_id: string | null;
  output?: { data?: unknown[]; error?: string; average_duration?: unknown };
  success?: boolean;
  [key: string]: unknown;
}

const postJson = async (url: string, path: string, body: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
};

const join = (body: Record<string, unknown>, url = server.url) =>
  postJson(url, '/gradio_api/queue/join', body) as Promise<{ status: number; body: any }>;

/**
 * Reads `/queue/data` to its end: the raw text and the parsed messages.
 * @param onMessage - told each message as it arrives
 */
async function readQueue(sessionHash: string, url = server.url, onMessage?: (message: QueueMessage) => void) {
  const response = await fetch(
    `${url}/gradio_api/queue/data?session_hash=${encodeURIComponent(sessionHash)}`,
  );
  expect(response.status).toBe(200);
  let raw = '';
  const messages: QueueMessage[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) {
    raw += decoder.decode(chunk as Uint8Array, { stream: true });
    for (const block of raw.split('\n\n').slice(messages.length, -1)) {
      messages.push(JSON.parse(block.slice('data: '.length)) as QueueMessage);
      onMessage?.(messages.at(-1)!);
    }
  }
  return { raw, messages };
}

/**
 * The values a client sees from the `process_generating` messages, diffs applied — what Python `gradio_client`
 * 1.13.3 yields from `for value in client.submit(...)` (`utils.py`, `stream_sse_v1plus`, appends a value to
 * `job.outputs` only for a message that is not `process_completed`; `client.py`, `Job.__next__`, iterates
 * `job.outputs`).
 */
function generatingValues(messages: QueueMessage[]): string[] {
  const values: string[] = [];
  for (const m of messages.filter((x) => x.msg === 'process_generating')) {
    const data = m.output!.data![0];
    if (values.length === 0) values.push(data as string);
    else {
      let value = values.at(-1)!;
      for (const [op, , text] of data as [string, [], string][])
        value = op === 'append' ? value + text : op === 'replace' ? text : value;
      values.push(value);
    }
  }
  return values;
}

let counter = 0;
const newSession = () => `conformance-${Date.now()}-${++counter}`;
const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

// @gradio/client's bundled .d.ts files do not resolve under NodeNext: the part used here, typed by hand.
type GradioEvent =
  | { type: 'status'; stage: string; message?: unknown; position?: number; eta?: unknown }
  | { type: 'data'; data: unknown[] };
interface GradioJob extends AsyncIterable<GradioEvent> {
  cancel(): Promise<void>;
  event_id(): string;
}
interface Client {
  predict(endpoint: string, data: unknown[] | Record<string, string>): Promise<{ data: unknown[] }>;
  submit(endpoint: string, data: unknown[] | Record<string, string>): GradioJob;
  close(): void;
}
const Client = UntypedClient as unknown as {
  connect(url: string, options: { events: ('data' | 'status')[] }): Promise<Client>;
};
const clients: Client[] = [];
const connect = async (url = server.url) => {
  const client = await Client.connect(url, { events: ['data', 'status'] });
  clients.push(client);
  return client;
};
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
const collect = async (job: AsyncIterable<GradioEvent>) => {
  const events: GradioEvent[] = [];
  for await (const event of job) events.push(event);
  return events;
};

const ZERO_DELAY = { name: 'a zero-delay answer', pieces: ['Hello', ', ', 'world', '!'] };
const MANY_CHUNKS = {
  name: 'a 300-chunk answer',
  pieces: Array.from({ length: 300 }, (_, i) => `w${i} `),
};

describe('1. the last generating value is the whole answer, however the stream is coalesced', () => {
  // gradio 5.49.1 queueing.py `Queue.process_events` sends a `process_generating` per yield and then
  // `process_completed` repeating the last one; routes.py `simple_predict_get` maps them to `generating` and
  // `complete`. A client that keeps only generating values (Python's `Job` iteration) ends on the answer.
  for (const { name, pieces } of [ZERO_DELAY, MANY_CHUNKS]) {
    const answer = pieces.join('');

    it(`queue/data, ${name}: the final value arrives as a process_generating diff before process_completed`, async () => {
      sim.script({ text: pieces });
      const session = newSession();
      await join({ data: ['q', '', '', '', ''], fn_index: 1, session_hash: session });
      const { messages } = await readQueue(session);
      const values = generatingValues(messages);
      expect(values.at(-1)).toBe(answer);
      // Coalesced all the same: far fewer messages than chunks.
      expect(values.length).toBeLessThanOrEqual(Math.min(pieces.length, 3));
      const kinds = messages.map((m) => m.msg);
      expect(kinds.slice(-3)).toEqual(['process_generating', 'process_completed', 'close_stream']);
      expect(messages.at(-2)!.output!.data).toEqual([answer]);
    });

    it(`/call/ask_stream, ${name}: the last generating frame equals complete`, async () => {
      sim.script({ text: pieces });
      const { frames } = await askCall(server.url, ['q']);
      const generating = frames.filter((f) => f.event === 'generating');
      expect(generating.length).toBeGreaterThan(0);
      expect(generating.length).toBeLessThanOrEqual(Math.min(pieces.length, 3));
      expect(frames.slice(-2)).toMatchObject([
        { event: 'generating', data: [answer] },
        { event: 'complete', data: [answer] },
      ]);
    });

    it(`@gradio/client submit iteration, ${name}: the last data value before complete is the answer`, async () => {
      const client = await connect();
      sim.script({ text: pieces });
      const events = await collect(client.submit('/ask_stream', { question: 'q' }));
      // The data values that came with a "generating" status (the client adds one more for process_completed).
      const generatingData: unknown[] = [];
      events.forEach((event, i) => {
        const before = events[i - 1];
        if (event.type === 'data' && before?.type === 'status' && before.stage === 'generating')
          generatingData.push(event.data[0]);
      });
      expect(generatingData.at(-1)).toBe(answer);
      expect(events.at(-1)).toMatchObject({ type: 'status', stage: 'complete' });
    });
  }

  it('/call/ask (not a generator) sends complete only, as Gradio does for a plain function', async () => {
    sim.script({ text: MANY_CHUNKS.pieces });
    const { frames } = await askCall(server.url, ['q'], { api: 'ask' });
    expect(frames.map((f) => f.event)).toEqual(['complete']);
    expect(frames[0]!.data).toEqual([MANY_CHUNKS.pieces.join('')]);
  });

  it('a run that fails midway still ends its generating values on the last partial text', async () => {
    sim.script({ text: ['partial ', 'answer ', 'then'], streamErrorAfterChunks: 2 });
    const session = newSession();
    await join({ data: ['q'], fn_index: 1, session_hash: session });
    const { messages } = await readQueue(session);
    expect(generatingValues(messages).at(-1)).toBe('partial answer ');
    expect(messages.at(-2)).toMatchObject({ msg: 'process_completed', success: false });
  });
});

describe('2. null for an optional input is empty', () => {
  // @gradio/client 2.7.0 helpers/data.ts `handle_payload` aligns data to the dependency's inputs and a missing
  // value goes out as null; gradio 5.49.1 components/textbox.py `Textbox.preprocess` takes None.
  it('@gradio/client predict with fewer values than inputs works (it sends null for the rest)', async () => {
    const client = await connect();
    sim.script({ text: 'padded ok' });
    const result = await client.predict('/ask', ['q', '', '', '']);
    expect(result.data).toEqual(['padded ok']);
    const userTexts = (sim.requests[0]!.body.messages as { role: string; content: unknown }[]).filter(
      (m) => m.role === 'user',
    );
    expect(userWords(userTexts.at(-1)!.content)).toBe('q');
  });

  it('raw JSON: queue/join and /call take null inputs, but not a null question', async () => {
    sim.script({ text: 'from join' }, { text: 'from call' });
    const session = newSession();
    const joined = await join({ data: ['q', null, null, null, null], fn_index: 0, session_hash: session });
    expect(joined.status).toBe(200);
    const { messages } = await readQueue(session);
    expect(messages.find((m) => m.msg === 'process_completed')).toMatchObject({
      success: true,
      output: { data: ['from join'] },
    });
    const call = await askCall(server.url, ['q', null, null, null, null] as unknown as string[], {
      api: 'ask',
    });
    expect(call.final).toMatchObject({ event: 'complete', data: ['from call'] });

    const noQuestion = await join({ data: [null, 'u'], fn_index: 0, session_hash: session });
    expect(noQuestion).toMatchObject({ status: 422, body: { detail: expect.stringMatching(/data\[0\]/) } });
    const noQuestionCall = await postCall(server.url, 'ask', { data: [null] });
    expect(noQuestionCall).toMatchObject({ status: 400, json: { error: { code: 'INVALID_BODY' } } });
    expect(sim.requests).toHaveLength(2);
  });
});

describe('3. ETA: rank_eta and eta from the average process time', () => {
  // gradio 5.49.1 queueing.py: `ProcessTime.add` after each successful run, `Queue.broadcast_estimations`
  // (rank_eta = the function's average + the wait for the runs ahead + the time until a worker frees),
  // `Queue.process_events` (process_starts `eta` = the average). Before any run completed: null.
  it('sends null before any job completed, then the average, and a queued job its time to the answer', async () => {
    const fresh = await startTestServer(simEnv(sim.url, { QUEUE_CONCURRENCY: '1' }));
    try {
      await waitReady(fresh.url);
      sim.script({ text: 'first', firstChunkDelayMs: 300 });
      const s1 = newSession();
      await join({ data: ['q'], fn_index: 0, session_hash: s1 }, fresh.url);
      const first = (await readQueue(s1, fresh.url)).messages;
      expect(first[0]).toMatchObject({ msg: 'estimation', rank: 0, rank_eta: null });
      expect(first[1]).toMatchObject({ msg: 'process_starts', eta: null });

      // Now one job took ≥ 0.3 s: the next estimates use it.
      const average = first.find((m) => m.msg === 'process_completed')!.output!.average_duration as number;
      expect(average).toBeGreaterThanOrEqual(0.29);
      expect(average).toBeLessThan(10);
      sim.script({ text: 'second', firstChunkDelayMs: 300 }, { text: 'third' });
      const s2 = newSession();
      const s3 = newSession();
      const second = await join({ data: ['q'], fn_index: 0, session_hash: s2 }, fresh.url);
      await until(() => sim.requests.length === 1);
      const third = await join({ data: ['q'], fn_index: 0, session_hash: s3 }, fresh.url);
      const [m2, m3] = await Promise.all([readQueue(s2, fresh.url), readQueue(s3, fresh.url)]);
      // Got a slot at once: its ETA is the average itself.
      expect(m2.messages[0]).toMatchObject({ msg: 'estimation', event_id: second.body.event_id, rank: 0 });
      expect(m2.messages[0]!.rank_eta).toBeCloseTo(average, 1);
      expect(m2.messages[1]!.eta).toBeCloseTo(average, 1);
      // Waited behind the second: its own average plus what was left of the second's.
      const estimation = m3.messages[0]!;
      expect(estimation).toMatchObject({
        msg: 'estimation',
        event_id: third.body.event_id,
        rank: 0,
        queue_size: 1,
      });
      expect(estimation.rank_eta).toBeGreaterThan(average);
      expect(estimation.rank_eta).toBeLessThanOrEqual(2 * average + 0.01);
      const completed = m3.messages.find((m) => m.msg === 'process_completed')!;
      expect(completed.output!.average_duration).toEqual(expect.any(Number));

      // The native API's `queued` event carries the same kind of estimate (`etaS`), from native runs' average.
      const key = newClientKey();
      sim.script({ text: 'native one', firstChunkDelayMs: 300 });
      const one = await startRun(fresh.url, key, { question: 'one' });
      const oneEvents = (await readEvents(fresh.url, key, one.run_id)).events.map((e) => e.data);
      expect(oneEvents.find((e) => e.type === 'queued')).toBeUndefined();
      sim.script({ text: 'native two', firstChunkDelayMs: 300 }, { text: 'native three' });
      const requestsBefore = sim.requests.length;
      const two = await startRun(fresh.url, key, { question: 'two' });
      await until(() => sim.requests.length === requestsBefore + 1);
      const three = await startRun(fresh.url, key, { question: 'three', session_id: undefined });
      const threeEvents = (await readEvents(fresh.url, key, three.run_id)).events.map((e) => e.data);
      await readEvents(fresh.url, key, two.run_id);
      const queued = threeEvents.find((e) => e.type === 'queued');
      expect(queued).toMatchObject({ type: 'queued', position: 1, queueSize: 1, etaS: expect.any(Number) });
      expect(queued!.etaS).toBeGreaterThan(0.29);
    } finally {
      await fresh.close();
    }
  });
});

describe('4. cancel: success true for the job, and only from the session that joined it', () => {
  const LONG = Array.from({ length: 40 }, (_, i) => `w${i} `);
  /** Joins a long streaming job and reads its session stream; resolves once the first text has arrived. */
  const startLongJob = async () => {
    sim.script({ text: LONG, chunkDelayMs: 30 });
    const session = newSession();
    const joined = await join({ data: ['q'], fn_index: 1, session_hash: session });
    const eventId = joined.body.event_id as string;
    let streaming = false;
    const reading = readQueue(session, server.url, (m) => {
      if (m.msg === 'process_generating') streaming = true;
    });
    await until(() => streaming);
    return { session, eventId, reading };
  };

  // gradio 5.49.1 routes.py `cancel_event`: pushes `ProcessCompletedMessage(output={}, success=True)` for the
  // cancelled event, so the clients report it as cancelled, not failed. Our output also carries `data` (the
  // partial answer the client already has): @gradio/client 2.7.0 `handle_payload` fails on an output without it.
  it('ends the cancelled job with process_completed success: true', async () => {
    const { session, eventId, reading } = await startLongJob();
    const cancel = await postJson(server.url, '/gradio_api/cancel', {
      event_id: eventId,
      session_hash: session,
      fn_index: 1,
    });
    expect(cancel).toMatchObject({ status: 200, body: { success: true } });
    const { messages } = await reading;
    const partial = generatingValues(messages).at(-1)!;
    expect(partial).toMatch(/^w0 /);
    expect(messages.slice(-2)).toMatchObject([
      {
        msg: 'process_completed',
        event_id: eventId,
        output: { data: [partial], is_generating: false },
        success: true,
        title: null,
      },
      { msg: 'close_stream', event_id: null },
    ]);
    expect(messages.at(-2)!.output).not.toHaveProperty('error');
    // The run really stopped: all 40 chunks would have taken 1.2 s.
    expect(partial.length).toBeLessThan(LONG.join('').length);
  });

  it('@gradio/client job.cancel() ends the job as complete, not error', async () => {
    const client = await connect();
    sim.script({ text: LONG, chunkDelayMs: 30 });
    const job = client.submit('/ask_stream', { question: 'long' });
    const events: GradioEvent[] = [];
    for await (const event of job) {
      events.push(event);
      if (event.type === 'data' && events.filter((e) => e.type === 'data').length === 1) await job.cancel();
    }
    const stages = events.filter((e) => e.type === 'status').map((e) => e.stage);
    expect(stages.at(-1)).toBe('complete');
    expect(stages).not.toContain('error');
    const values = events.filter((e) => e.type === 'data').map((e) => e.data[0] as string);
    expect(values.at(-1)!.length).toBeLessThan(LONG.join('').length);
  });

  // Issue 8 item 8: an event id alone is not enough; the session that joined the job must be named.
  it('a wrong or missing session_hash is a 404 with detail, and the run goes on', async () => {
    const { session, eventId, reading } = await startLongJob();
    for (const body of [
      { event_id: eventId, fn_index: 1 },
      { event_id: eventId, session_hash: null, fn_index: 1 },
      { event_id: eventId, session_hash: 'someone-else', fn_index: 1 },
    ]) {
      const answer = await postJson(server.url, '/gradio_api/cancel', body);
      expect(answer.status).toBe(404);
      expect(answer.type).toMatch(/application\/json/);
      expect(answer.body).toMatchObject({ detail: expect.any(String), error: { code: 'UNKNOWN_EVENT' } });
    }
    // The run went on to the whole answer.
    const { messages } = await reading;
    expect(messages.find((m) => m.msg === 'process_completed')).toMatchObject({
      success: true,
      output: { data: [LONG.join('')] },
    });
    // After the run ended, the right session still gets {success: true}, as Gradio answers every cancel.
    expect(
      (await postJson(server.url, '/gradio_api/cancel', { event_id: eventId, session_hash: session })).body,
    ).toEqual({ success: true });
  });
});

describe('5. unknown session: unexpected_error and the stream ends', () => {
  // gradio 5.49.1 routes.py `queue_data_helper`: an unknown session raises 404 inside the stream, which is sent
  // as `unexpected_error` with `session_not_found: true`, and the response ends — no `close_stream`.
  it('sends unexpected_error and nothing after it', async () => {
    const { raw, messages } = await readQueue(newSession());
    expect(messages).toEqual([
      {
        msg: 'unexpected_error',
        event_id: null,
        message: '404: Not Found',
        session_not_found: true,
        success: false,
      },
    ]);
    expect(raw).not.toContain('close_stream');
  });
});
