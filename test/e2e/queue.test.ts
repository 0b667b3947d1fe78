import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask, postCall, readCallStream } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';

let sim: LlmSimulator;
const servers: TestServer[] = [];

async function serve(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(simEnv(sim.url, env));
  servers.push(s);
  await waitReady(s.url);
  return s;
}

beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  sim.reset();
});
afterAll(async () => {
  await sim.close();
});

describe('admission queue', () => {
  it('ends a run that waited longer than QUEUE_TIMEOUT_S with "Request timeout"', async () => {
    const s = await serve({ QUEUE_TIMEOUT_S: '0.3' });
    sim.script({ text: 'slow', firstChunkDelayMs: 1200 });
    const first = await postCall(s.url, 'ask_stream', { data: ['first'] });
    const { final } = await ask(s.url, ['second']);
    expect(final.event).toBe('error');
    expect((final.data as string[])[0]).toMatch(/^Request timeout: /);
    // The first run was not disturbed.
    const done = await readCallStream(s.url, 'ask_stream', first.json.event_id);
    expect(done.frames.at(-1)).toMatchObject({ event: 'complete', data: ['slow'] });
  });

  it('answers 503 when more than QUEUE_MAX_SIZE runs wait', async () => {
    const s = await serve({ QUEUE_MAX_SIZE: '1' });
    sim.script({ text: 'a', firstChunkDelayMs: 500 }, { text: 'b' });
    const running = await postCall(s.url, 'ask_stream', { data: ['1'] });
    const waiting = await postCall(s.url, 'ask_stream', { data: ['2'] });
    const refused = await postCall(s.url, 'ask_stream', { data: ['3'] });
    expect([running.status, waiting.status]).toEqual([200, 200]);
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('QUEUE_FULL');
    const second = await readCallStream(s.url, 'ask_stream', waiting.json.event_id);
    expect(second.frames.at(-1)).toMatchObject({ event: 'complete', data: ['b'] });
  });

  /** Runs three slow questions at a QUEUE_CONCURRENCY and returns their [start, end] times, by start. */
  async function spansAt(concurrency: string): Promise<(readonly [number, number])[]> {
    const s = await serve({ QUEUE_CONCURRENCY: concurrency });
    sim.setHandler(() => ({ text: 'x', firstChunkDelayMs: 150 }));
    const ids = await Promise.all(
      [1, 2, 3].map(async (i) => (await postCall(s.url, 'ask', { data: [`q${i}`] })).json.event_id as string),
    );
    await Promise.all(ids.map((id) => readCallStream(s.url, 'ask', id)));
    const spans = ids.map((id) => {
      const events = s.runs.peek(id)!.snapshot();
      return [events.find((e) => e.type === 'run-start')!.at, events.at(-1)!.at] as const;
    });
    return spans.sort((a, b) => a[0] - b[0]);
  }

  it('runs one at a time at QUEUE_CONCURRENCY=1', async () => {
    const spans = await spansAt('1');
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('runs several at once above it', async () => {
    const spans = await spansAt('3');
    // All three started before the first one ended.
    expect(spans[2]![0]).toBeLessThan(spans[0]![1]);
  });

  it('keeps running when the reader disconnects, and saves the answer to the session', async () => {
    const s = await serve({});
    sim.script({ text: ['one ', 'two ', 'three ', 'four'], chunkDelayMs: 80 });
    const post = await postCall(s.url, 'ask_stream', { data: ['long one'], session_hash: 'gone' });
    const controller = new AbortController();
    await readCallStream(s.url, 'ask_stream', post.json.event_id, {
      signal: controller.signal,
      onFrame: (f) => {
        if (f.event === 'generating') controller.abort();
      },
    });
    const run = s.runs.peek(post.json.event_id)!;
    for (let i = 0; i < 100 && !run.ended; i++) await new Promise((r) => setTimeout(r, 20));
    expect(run.status).toBe('completed');
    const turns = await s.sessions.getTurns(scopedSessionId('gradio:open', 'gone'));
    expect(turns.at(-1)).toMatchObject({ status: 'completed', answer: 'one two three four' });
  });
});
