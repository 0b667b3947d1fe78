import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as UntypedClient } from '@gradio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';
import { userWords } from '../helpers/user-words.js';

// The official JS client, @gradio/client 2.7.0 from npm, against the real server over real sockets.

// The part of the client these tests use, typed here: the package's bundled .d.ts files import relative paths
// without extensions, which TypeScript cannot follow under NodeNext, so its own types resolve to nothing.
interface StatusMessage {
  type: 'status';
  stage: 'pending' | 'error' | 'complete' | 'generating' | 'streaming';
  position?: number;
  size?: number;
  message?: unknown;
  title?: string;
}
type GradioEvent = StatusMessage | { type: 'data'; data: unknown[] } | { type: 'log' | 'render' };
interface GradioJob extends AsyncIterable<GradioEvent> {
  cancel(): Promise<void>;
  event_id(): string;
}
interface Client {
  predict(endpoint: string, data: Record<string, string>): Promise<{ data: unknown[] }>;
  submit(endpoint: string, data: Record<string, string>): GradioJob;
  close(): void;
}
const Client = UntypedClient as unknown as {
  connect(url: string, options: { events: ('data' | 'status')[] }): Promise<Client>;
};

/** A pass-through proxy to the LLM simulator that counts responses the server abandoned mid-way. */
interface LlmProxy {
  readonly url: string;
  /** Responses whose client (our server) went away before the simulator had finished sending them. */
  abandoned: number;
  close(): Promise<void>;
}

async function startLlmProxy(sim: LlmSimulator): Promise<LlmProxy> {
  const proxy: LlmProxy = { url: '', abandoned: 0, close: () => Promise.resolve() };
  const server: HttpServer = createServer((req, res) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: sim.port, path: req.url, method: req.method, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    res.on('close', () => {
      if (res.writableFinished) return;
      proxy.abandoned++;
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

let sim: LlmSimulator;
let proxy: LlmProxy;
let server: TestServer;
const clients: Client[] = [];

async function connect(url = server.url): Promise<Client> {
  const client = await Client.connect(url, { events: ['data', 'status'] });
  clients.push(client);
  return client;
}

/** Iterates a submitted job to its end, keeping every message. */
async function collect(job: AsyncIterable<GradioEvent>): Promise<GradioEvent[]> {
  const messages: GradioEvent[] = [];
  for await (const message of job) messages.push(message);
  return messages;
}

const dataValues = (messages: GradioEvent[]) =>
  messages.filter((m) => m.type === 'data').map((m) => (m.data as string[])[0]!);
const statuses = (messages: GradioEvent[]) => messages.filter((m): m is StatusMessage => m.type === 'status');
const userTexts = (index: number) =>
  (sim.requests[index]!.body.messages as { role: string; content: unknown }[]).map(
    (m) => `${m.role}: ${typeof m.content === 'string' ? userWords(m.content) : JSON.stringify(m.content)}`,
  );

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  sim = await startLlmSimulator();
  proxy = await startLlmProxy(sim);
  server = await startTestServer(simEnv(proxy.url, { STREAM_MAX_FPS: '1000', QUEUE_CONCURRENCY: '1' }));
  await waitReady(server.url);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server.close();
  await proxy.close();
  await sim.close();
});
beforeEach(() => sim.reset());

describe('@gradio/client 2.7.0', () => {
  it('connects and predicts /ask: one string, the exact answer', async () => {
    const client = await connect();
    sim.script({ text: ['Hello', ', wor', 'ld!'] });
    const result = await client.predict('/ask', { question: 'Say hello' });
    expect(result.data).toEqual(['Hello, world!']);
    expect(userTexts(0)).toContain('user: Say hello');
  });

  it('submits /ask_stream: cumulative data values, then the exact final one, with status messages', async () => {
    const client = await connect();
    sim.script({ text: ['One ', 'two ', 'three ', 'four'], chunkDelayMs: 30 });
    const messages = await collect(client.submit('/ask_stream', { question: 'Count' }));

    const values = dataValues(messages);
    expect(values.length).toBeGreaterThanOrEqual(3);
    // Every value is the whole answer so far (the server sends diffs, the client applies them).
    for (let i = 1; i < values.length; i++) expect(values[i]!.startsWith(values[i - 1]!)).toBe(true);
    expect(values.at(-1)).toBe('One two three four');

    const stages = statuses(messages).map((s) => s.stage);
    expect(stages[0]).toBe('pending');
    expect(stages).toContain('generating');
    expect(stages.at(-1)).toBe('complete');
    // The estimation: a job that got a slot at once was the head of a queue of one.
    expect(statuses(messages)).toContainEqual(
      expect.objectContaining({ stage: 'pending', position: 0, size: 1 }),
    );
  });

  it('sends the optional inputs as given: credentials and an explicit session_id', async () => {
    const client = await connect();
    sim.script({ text: 'I am Bob.' }, { text: 'You are Bob.' });
    await client.predict('/ask', { question: 'My name is Bob', session_id: 'shared-conversation-42' });
    // Another client (another session_hash) continues the same conversation through session_id.
    const other = await connect();
    const result = await other.predict('/ask_stream', {
      question: 'Who am I?',
      session_id: 'shared-conversation-42',
      username: 'bob',
      password: 'secret',
      base_url: '',
    });
    expect(result.data).toEqual(['You are Bob.']);
    expect(userTexts(1)).toEqual(expect.arrayContaining(['user: My name is Bob', 'assistant: I am Bob.']));
    const turns = await server.sessions.getTurns(scopedSessionId('gradio:open', 'shared-conversation-42'));
    expect(turns.map((t) => t.question)).toEqual(['My name is Bob', 'Who am I?']);
  });

  it('keeps a multi-turn conversation per client session (session_hash)', async () => {
    const client = await connect();
    sim.script({ text: 'Nice to meet you, Alice.' }, { text: 'Your name is Alice.' });
    await client.predict('/ask', { question: 'My name is Alice' });
    const second = await client.predict('/ask', { question: 'What is my name?' });
    expect(second.data).toEqual(['Your name is Alice.']);
    expect(userTexts(1)).toEqual(
      expect.arrayContaining([
        'user: My name is Alice',
        'assistant: Nice to meet you, Alice.',
        'user: What is my name?',
      ]),
    );

    // A new client is a new session: it starts a fresh conversation.
    const stranger = await connect();
    sim.script({ text: 'I do not know.' });
    await stranger.predict('/ask', { question: 'What is my name?' });
    expect(userTexts(2).filter((t) => t.startsWith('user:'))).toEqual(['user: What is my name?']);
  });

  it('shows a queued job its real rank and the queue size while another runs', async () => {
    const [first, second, third] = await Promise.all([connect(), connect(), connect()]);
    sim.script(
      { text: 'first done', firstChunkDelayMs: 700 },
      { text: 'second done' },
      { text: 'third done' },
    );
    const running = collect(first.submit('/ask_stream', { question: 'first' }));
    await until(() => sim.requests.length === 1, 'the first job to reach the LLM');

    const secondMessages: GradioEvent[] = [];
    const secondDone = (async () => {
      for await (const m of second.submit('/ask', { question: 'second' })) secondMessages.push(m);
    })();
    await until(
      () => statuses(secondMessages).some((s) => s.position !== undefined),
      'the second estimation',
    );
    const thirdMessages = await Promise.all([
      collect(third.submit('/ask', { question: 'third' })),
      secondDone,
    ]).then(([messages]) => messages);
    await running;

    const positions = (messages: GradioEvent[]) =>
      statuses(messages)
        .filter((s) => s.stage === 'pending' && s.size !== undefined)
        .map((s) => [s.position, s.size]);
    // 0-based as in Gradio: the second job is next (rank 0 of 1 waiting)…
    expect(positions(secondMessages)[0]).toEqual([0, 1]);
    // …the third waits behind it (rank 1 of 2), then moves up when the first job ends.
    expect(positions(thirdMessages)).toEqual([
      [1, 2],
      [0, 1],
    ]);
    expect(dataValues(secondMessages).at(-1)).toBe('second done');
    expect(dataValues(thirdMessages).at(-1)).toBe('third done');
    // They really ran one at a time, in order.
    expect(sim.requests.map((_, i) => userTexts(i).at(-1))).toEqual([
      'user: first',
      'user: second',
      'user: third',
    ]);
  });

  it('cancels: the run stops, the LLM stream is abandoned, and the client can go on', async () => {
    const client = await connect();
    const pieces = Array.from({ length: 100 }, (_, i) => `w${i} `);
    sim.script({ text: pieces, chunkDelayMs: 50 });
    const abandonedBefore = proxy.abandoned;
    const job = client.submit('/ask_stream', { question: 'Talk for a long time' });
    const messages: GradioEvent[] = [];
    let cancelledAt = 0;
    for await (const message of job) {
      messages.push(message);
      if (message.type === 'data' && cancelledAt === 0) {
        cancelledAt = Date.now();
        await job.cancel();
      }
    }
    // Gradio ends a cancelled job with success: the client reports it complete, not failed.
    const last = statuses(messages).at(-1);
    expect(last).toMatchObject({ stage: 'complete' });

    const run = server.runs.peek(job.event_id())!;
    expect(run.api).toBe('gradio');
    await until(() => run.ended, 'the run to end');
    expect(run.status).toBe('cancelled');
    // Stopped long before the 5 s the simulator would have streamed for.
    expect(run.endedAt! - cancelledAt).toBeLessThan(1500);
    await until(() => proxy.abandoned > abandonedBefore, 'the LLM response to be abandoned');
    expect(dataValues(messages).length).toBeLessThan(pieces.length);

    // The session's stream was closed cleanly: the next call on the same client works.
    sim.script({ text: 'Still here.' });
    expect((await client.predict('/ask', { question: 'Are you there?' })).data).toEqual(['Still here.']);
  });

  it('rejects predict with the clear message when the LLM fails', async () => {
    const client = await connect();
    sim.script({ error: { status: 401, message: 'Invalid key (simulated)' } });
    const failure = await client.predict('/ask', { question: 'hi' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/OPENAI_API_KEY/);
    expect((failure as Error).message).not.toContain('sk-test-secret-key-123');
    expect(failure).toMatchObject({ stage: 'error', title: 'Error' });

    // A streaming job that fails midway shows its partial text, then the error status.
    sim.script({ text: ['partial ', 'answer ', 'then'], streamErrorAfterChunks: 2, chunkDelayMs: 20 });
    const messages = await collect(client.submit('/ask_stream', { question: 'hi' }));
    expect(dataValues(messages).at(-1)).toBe('partial answer ');
    expect(statuses(messages).at(-1)).toMatchObject({ stage: 'error', message: expect.any(String) });
  });

  it('answers an empty question with an error status, without calling the LLM', async () => {
    const client = await connect();
    const failure = await client.predict('/ask', { question: '   ' }).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/question is empty/i);
    expect(sim.requests).toHaveLength(0);
  });

  it('coalesces generating messages to STREAM_MAX_FPS and still ends with the exact answer', async () => {
    const fps = 10;
    const slow = await startTestServer(simEnv(sim.url, { STREAM_MAX_FPS: String(fps) }));
    try {
      await waitReady(slow.url);
      const client = await connect(slow.url);
      const pieces = Array.from({ length: 60 }, (_, i) => `w${i} `);
      sim.script({ text: pieces, chunkDelayMs: 10 });
      const started = Date.now();
      const messages = await collect(client.submit('/ask_stream', { question: 'q' }));
      const elapsedS = (Date.now() - started) / 1000;
      const generating = statuses(messages).filter((s) => s.stage === 'generating');
      expect(generating.length).toBeGreaterThan(1);
      // + 1 for the first frame, + 1 for the final value flushed at the end.
      expect(generating.length).toBeLessThanOrEqual(Math.ceil(elapsedS * fps) + 2);
      expect(dataValues(messages).at(-1)).toBe(pieces.join(''));
    } finally {
      await slow.close();
    }
  });
});
