import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';

let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  // A short heartbeat: the response is held back at most this long before pings start.
  server = await startTestServer(simEnv(sim.url, { STREAM_HEARTBEAT_S: '0.1' }));
  await waitReady(server.url);
});
afterEach(() => sim.reset());
afterAll(async () => {
  await server.close();
  await sim.close();
});

/** POSTs a streaming request and returns the raw SSE text. */
async function rawStream(
  body: Record<string, unknown>,
): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-model', stream: true, ...body }),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const dataLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice('data: '.length));

async function poll(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the OpenAI stream on the wire', () => {
  it('sends ": ping" comment lines while the agent is silent, then the answer and [DONE]', async () => {
    sim.script({ text: 'late answer', firstChunkDelayMs: 600 });
    const { status, type, text } = await rawStream({ messages: [{ role: 'user', content: 'q' }] });
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/event-stream/);
    expect(text).toMatch(/^: ping$/m);
    const data = dataLines(text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as ChatCompletionChunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('late answer');
  });

  it('a failure after the stream started (here: the queue wait outlived the hold) is an error chunk, then [DONE]', async () => {
    const s = await startTestServer(simEnv(sim.url, { STREAM_HEARTBEAT_S: '0.05', QUEUE_TIMEOUT_S: '0.4' }));
    try {
      await waitReady(s.url);
      sim.script({ text: 'slow', firstChunkDelayMs: 1500 });
      const c = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const first = c.chat.completions.create({
        model: 'sim-model',
        messages: [{ role: 'user', content: '1' }],
      });
      await poll(() => s.runs.stats.running === 1);
      const response = await fetch(`${s.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: '2' }] }),
      });
      expect(response.status).toBe(200);
      const data = dataLines(await response.text());
      expect(data.at(-1)).toBe('[DONE]');
      const error = JSON.parse(data.at(-2)!);
      expect(error).toEqual({
        error: {
          message: expect.stringMatching(/^Request timeout/),
          type: 'server_error',
          param: null,
          code: 'queue_timeout',
        },
      });
      // The role chunk went first; no finish chunk claims success.
      expect(JSON.parse(data[0]!).choices[0].delta.role).toBe('assistant');
      expect(data.some((d) => d.includes('"finish_reason":"stop"'))).toBe(false);
      await first;
    } finally {
      await s.close();
    }
  });

  it('a client that disconnects from a request without a session cancels its run', async () => {
    sim.script({ text: ['one ', 'two ', 'three ', 'four ', 'five'], chunkDelayMs: 150 });
    const c = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await c.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'long answer' }],
      stream: true,
    });
    let runId = '';
    for await (const chunk of stream) {
      runId = chunk.id.slice('chatcmpl-'.length);
      if (chunk.choices[0]?.delta.content) break; // leaving the loop aborts the request
    }
    const run = server.runs.peek(runId)!;
    await poll(() => run.ended);
    expect(run.status).toBe('cancelled');
  });

  it('a client that disconnects from a session request lets the run finish and be saved', async () => {
    sim.script({ text: ['one ', 'two ', 'three ', 'four'], chunkDelayMs: 80 });
    const c = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await c.chat.completions.create({
      model: 'sim-model',
      metadata: { session_id: 'walked-away' },
      messages: [{ role: 'user', content: 'long answer' }],
      stream: true,
    });
    let runId = '';
    for await (const chunk of stream) {
      runId = chunk.id.slice('chatcmpl-'.length);
      if (chunk.choices[0]?.delta.content) break;
    }
    const run = server.runs.peek(runId)!;
    await poll(() => run.ended);
    expect(run.status).toBe('completed');
    await poll(
      async () =>
        (await server.sessions.getTurns(scopedSessionId('openai:open', 'walked-away'))).length === 1,
    );
    expect((await server.sessions.getTurns(scopedSessionId('openai:open', 'walked-away')))[0]).toMatchObject({
      answer: 'one two three four',
    });
  });

  it('a non-streamed request that is abandoned while queued is cancelled before it runs', async () => {
    sim.script({ text: 'busy', firstChunkDelayMs: 400 });
    const c = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const first = c.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: '1' }],
    });
    await poll(() => server.runs.stats.running === 1);
    const controller = new AbortController();
    const second = c.chat.completions
      .create(
        { model: 'sim-model', messages: [{ role: 'user', content: 'abandoned' }] },
        { signal: controller.signal },
      )
      .catch(() => undefined);
    await poll(() => server.runs.stats.waiting === 1);
    controller.abort();
    await second;
    // Gone from the queue at once, while the first run still holds the only slot.
    await poll(() => server.runs.stats.waiting === 0, 150);
    expect(server.runs.stats.running).toBe(1);
    await first;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.runs.stats).toMatchObject({ running: 0, waiting: 0 });
    expect(sim.requests.map((r) => JSON.stringify(r.body.messages)).join()).not.toContain('abandoned');
  });
});
