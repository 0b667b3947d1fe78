import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

/**
 * Prompt-cache accounting end to end: the provider's `prompt_tokens_details.cached_tokens` of every LLM call is
 * summed per turn, and reaches the run's usage event, the stored turn, `/metrics` and the OpenAI endpoint's usage.
 */
let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});
beforeEach(() => sim.reset());

async function cachedCounter(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^cmw_llm_tokens_total\{type="cached_input"\} (\d+)$/m.exec(text)?.[1]);
}

describe('cached prompt tokens', () => {
  it('are summed over the calls of a turn, stored with it and counted in /metrics', async () => {
    const before = await cachedCounter();
    sim.script(
      {
        toolCalls: [{ name: 'get_current_datetime', arguments: {} }],
        usage: { prompt_tokens: 6000, completion_tokens: 20, cached_tokens: 5000 },
      },
      { text: 'It is noon.', usage: { prompt_tokens: 6100, completion_tokens: 5, cached_tokens: 6000 } },
    );
    const key = newClientKey();
    const { run_id, session_id } = await startRun(server.url, key, { question: 'What time is it?' });
    const { events } = await readEvents(server.url, key, run_id);
    expect(events.find((e) => e.data.type === 'usage')?.data).toMatchObject({
      inputTokens: 12_100,
      outputTokens: 25,
      cachedInputTokens: 11_000,
    });
    const session = await api(server.url, key, 'GET', `/api/sessions/${session_id}`);
    expect(session.json.turns[0].usage).toMatchObject({ inputTokens: 12_100, cachedInputTokens: 11_000 });
    expect((await cachedCounter()) - before).toBe(11_000);
  });

  it('are reported per LLM call, per turn and per conversation, with the context the last call used', async () => {
    sim.script(
      {
        toolCalls: [{ name: 'get_current_datetime', arguments: {} }],
        usage: { prompt_tokens: 6000, completion_tokens: 20, cached_tokens: 5000 },
      },
      { text: 'It is noon.', usage: { prompt_tokens: 6100, completion_tokens: 5, cached_tokens: 6000 } },
      { text: 'Still noon.', usage: { prompt_tokens: 7000, completion_tokens: 4 } },
    );
    const key = newClientKey();
    const first = await startRun(server.url, key, { question: 'What time is it?' });
    const { events } = await readEvents(server.url, key, first.run_id);
    // Each LLM call's own usage on its step-end, against the model's context window (131,072 for sim-model).
    expect(events.filter((e) => e.data.type === 'step-end').map((e) => e.data.usage)).toEqual([
      { inputTokens: 6000, outputTokens: 20, cachedInputTokens: 5000, contextTokens: 131_072 },
      { inputTokens: 6100, outputTokens: 5, cachedInputTokens: 6000, contextTokens: 131_072 },
    ]);
    expect(events.find((e) => e.data.type === 'usage')?.data).toMatchObject({
      cachedInputTokens: 11_000,
      lastCallInputTokens: 6100,
      contextTokens: 131_072,
    });
    const second = await startRun(server.url, key, { question: 'And now?', session_id: first.session_id });
    await readEvents(server.url, key, second.run_id);
    const session = await api(server.url, key, 'GET', `/api/sessions/${first.session_id}`);
    expect(session.json.turns[1].usage).toMatchObject({ lastCallInputTokens: 7000, contextTokens: 131_072 });
    expect(session.json.turns[1].usage).not.toHaveProperty('cachedInputTokens');
    expect(session.json.usage).toMatchObject({
      inputTokens: 19_100,
      outputTokens: 29,
      cachedInputTokens: 11_000,
    });
  });

  it('are left out when no call of the turn read from the cache', async () => {
    sim.script({ text: 'Hello.', usage: { prompt_tokens: 100, completion_tokens: 2 } });
    const key = newClientKey();
    const { run_id } = await startRun(server.url, key, { question: 'Hi' });
    const { events } = await readEvents(server.url, key, run_id);
    const usage = events.find((e) => e.data.type === 'usage')!.data;
    expect(usage).toMatchObject({ inputTokens: 100 });
    expect(usage).not.toHaveProperty('cachedInputTokens');
  });

  it('reach the OpenAI endpoint’s usage as prompt_tokens_details.cached_tokens', async () => {
    sim.script({ text: 'Hello.', usage: { prompt_tokens: 3000, completion_tokens: 2, cached_tokens: 2048 } });
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const body = (await response.json()) as { usage: Record<string, unknown> };
    expect(body.usage).toMatchObject({ prompt_tokens: 3000, prompt_tokens_details: { cached_tokens: 2048 } });
  });
});
