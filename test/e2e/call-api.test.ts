import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask, postCall, readCallStream } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

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

describe('POST /call/{api} and GET /call/{api}/{event_id}', () => {
  for (const prefix of ['', '/gradio_api']) {
    it(`streams generating frames with the cumulative answer, then complete (prefix "${prefix}")`, async () => {
      sim.script({ text: ['Hello', ', wor', 'ld!'] });
      const post = await postCall(server.url, 'ask_stream', { data: ['Hi there', '', '', ''] }, { prefix });
      expect(post.status).toBe(200);
      expect(post.json.event_id).toMatch(/^[0-9a-f]{32}$/);
      const { status, contentType, frames } = await readCallStream(
        server.url,
        'ask_stream',
        post.json.event_id,
        {
          prefix,
        },
      );
      expect(status).toBe(200);
      expect(contentType).toMatch(/^text\/event-stream/);
      const generating = frames.filter((f) => f.event === 'generating').map((f) => (f.data as string[])[0]!);
      expect(generating.length).toBeGreaterThan(0);
      // Each frame is the whole answer so far: every one is a prefix of the next.
      for (let i = 1; i < generating.length; i++)
        expect(generating[i]!.startsWith(generating[i - 1]!)).toBe(true);
      expect(frames.at(-1)).toMatchObject({ event: 'complete', data: ['Hello, world!'] });
    });

    it(`/call/ask sends only the complete frame (prefix "${prefix}")`, async () => {
      sim.script({ text: ['One ', 'two ', 'three'] });
      const { frames } = await ask(server.url, ['Count'], { api: 'ask', prefix });
      expect(frames.map((f) => f.event)).toEqual(['complete']);
      expect(frames[0]!.data).toEqual(['One two three']);
    });
  }

  it('starts the run at once: a late reader gets every event from the start', async () => {
    sim.script({ text: 'Late but complete' });
    const post = await postCall(server.url, 'ask_stream', { data: ['q'] });
    // Wait for the run to finish before anyone reads it.
    for (let i = 0; i < 200 && server.runs.peek(post.json.event_id)?.ended !== true; i++)
      await new Promise((r) => setTimeout(r, 10));
    const { frames } = await readCallStream(server.url, 'ask_stream', post.json.event_id);
    expect(frames.filter((f) => f.event === 'generating').length).toBeGreaterThan(0);
    expect(frames.at(-1)).toMatchObject({ event: 'complete', data: ['Late but complete'] });
  });

  it('gives a second reader the whole log again', async () => {
    sim.script({ text: 'Twice' });
    const { eventId } = await ask(server.url, ['q']);
    const again = await readCallStream(server.url, 'ask_stream', eventId);
    expect(again.frames.at(-1)).toMatchObject({ event: 'complete', data: ['Twice'] });
  });

  it('lets several readers follow one run live', async () => {
    sim.script({ text: ['a', 'b', 'c', 'd'], chunkDelayMs: 20 });
    const post = await postCall(server.url, 'ask_stream', { data: ['q'] });
    const [r1, r2] = await Promise.all([
      readCallStream(server.url, 'ask_stream', post.json.event_id),
      readCallStream(server.url, 'ask_stream', post.json.event_id),
    ]);
    expect(r1.frames.at(-1)).toMatchObject({ event: 'complete', data: ['abcd'] });
    expect(r2.frames.at(-1)).toMatchObject({ event: 'complete', data: ['abcd'] });
  });

  it('keeps tool activity out of the text and separates steps with a blank line', async () => {
    sim.script(
      {
        text: 'Let me check the time.',
        toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'UTC' } }],
      },
      { text: 'It is now.' },
    );
    const { final } = await ask(server.url, ['What time is it?']);
    expect(final).toMatchObject({ event: 'complete', data: ['Let me check the time.\n\nIt is now.'] });
    // The tool really ran: its result went back to the model.
    const toolMessage = (sim.requests[1]!.body.messages as { role: string; content: string }[]).find(
      (m) => m.role === 'tool',
    );
    expect(toolMessage?.content).toMatch(/"success":true/);
    expect(toolMessage?.content).toMatch(/"timezone":"UTC"/);
  });

  it('gives the model the system prompt, and the current date with the question, at temperature 0', async () => {
    await ask(server.url, ['hello']);
    const body = sim.requests[0]!.body as {
      temperature: number;
      messages: { role: string; content: string }[];
    };
    expect(body.temperature).toBe(0);
    const system = body.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/Comindware/);
    const question = body.messages.at(-1)!;
    expect(question.role).toBe('user');
    expect(question.content).toContain(new Date().toISOString().slice(0, 10));
    expect(question.content).toMatch(/<\/current_date>\n\nhello$/);
  });

  it('answers an empty question with an error event', async () => {
    for (const q of ['', '   ']) {
      const { frames } = await ask(server.url, [q]);
      expect(frames.at(-1)!.event).toBe('error');
      expect((frames.at(-1)!.data as string[])[0]).toMatch(/question is empty/i);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('sends heartbeats while idle', async () => {
    const slow = await startTestServer(simEnv(sim.url, { STREAM_HEARTBEAT_S: '0.1' }));
    try {
      await waitReady(slow.url);
      sim.script({ text: 'finally', firstChunkDelayMs: 450 });
      const { frames } = await ask(slow.url, ['q']);
      const beats = frames.filter((f) => f.event === 'heartbeat');
      expect(beats.length).toBeGreaterThanOrEqual(2);
      expect(beats[0]!.data).toBeNull();
      expect(frames.at(-1)).toMatchObject({ event: 'complete', data: ['finally'] });
    } finally {
      await slow.close();
    }
  });
});

describe('coalescing', () => {
  it('sends at most STREAM_MAX_FPS generating frames a second and an exact final frame', async () => {
    const fps = 10;
    const slow = await startTestServer(simEnv(sim.url, { STREAM_MAX_FPS: String(fps) }));
    try {
      await waitReady(slow.url);
      const pieces = Array.from({ length: 60 }, (_, i) => `w${i} `);
      sim.script({ text: pieces, chunkDelayMs: 10 });
      const started = Date.now();
      const { frames } = await ask(slow.url, ['q']);
      const elapsedS = (Date.now() - started) / 1000;
      const generating = frames.filter((f) => f.event === 'generating');
      // + 1 for the first frame, + 1 for the final value flushed at the end.
      expect(generating.length).toBeLessThanOrEqual(Math.ceil(elapsedS * fps) + 2);
      expect(generating.length).toBeLessThan(pieces.length / 2);
      expect(frames.at(-1)).toMatchObject({ event: 'complete', data: [pieces.join('')] });
    } finally {
      await slow.close();
    }
  });
});

describe('bad input', () => {
  it('404s an unknown api name, with JSON', async () => {
    const post = await postCall(server.url, 'nope', { data: ['q'] });
    expect(post.status).toBe(404);
    expect(post.json.error.code).toBe('UNKNOWN_API');
    const get = await fetch(`${server.url}/call/nope/0123`);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_API');
  });

  it('404s an unknown event id, with JSON', async () => {
    for (const prefix of ['', '/gradio_api']) {
      const r = await fetch(`${server.url}${prefix}/call/ask_stream/${'0'.repeat(32)}`);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/json/);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_EVENT');
    }
  });

  it.each([
    ['not JSON', '{"data": [', 400, 'INVALID_JSON'],
    ['empty body', '', 400, 'INVALID_JSON'],
    ['an array', '["q"]', 400, 'INVALID_BODY'],
    ['no data', '{}', 400, 'INVALID_BODY'],
    ['data not an array', '{"data": "q"}', 400, 'INVALID_BODY'],
    ['a number item', '{"data": ["q", 1]}', 400, 'INVALID_BODY'],
    ['a null question', '{"data": [null]}', 400, 'INVALID_BODY'],
    ['empty data', '{"data": []}', 400, 'INVALID_BODY'],
  ])('rejects %s with a JSON error naming the problem', async (_name, raw, status, code) => {
    const r = await postCall(server.url, 'ask_stream', undefined, { raw });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message.length).toBeGreaterThan(10);
  });

  it('rejects a body over 1 MiB with 413', async () => {
    const r = await postCall(server.url, 'ask_stream', { data: ['x'.repeat(1024 * 1024 + 10)] });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('BODY_TOO_LARGE');
  });

  it('reads JSON sent without a JSON content type (curl -d)', async () => {
    sim.script({ text: 'ok' });
    const r = await postCall(server.url, 'ask', undefined, {
      raw: '{"data": ["q"]}',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(200);
    expect(r.json.event_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('404s unknown routes with JSON', async () => {
    const r = await fetch(`${server.url}/nowhere`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('operations', () => {
  it('reports health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', provider: 'openai', model: 'sim-model' });
  });
});
