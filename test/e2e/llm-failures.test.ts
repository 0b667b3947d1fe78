import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';

const KEY = 'sk-test-secret-key-123';
let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { LLM_CHUNK_TIMEOUT_S: '0.4', LLM_TIMEOUT_S: '5' }));
  await waitReady(server.url);
});
afterEach(() => sim.reset());
afterAll(async () => {
  await server.close();
  await sim.close();
});

async function errorOf(data: string[], sessionHash?: string): Promise<string> {
  const { final } = await ask(server.url, data, sessionHash ? { sessionHash } : {});
  expect(final.event).toBe('error');
  return (final.data as string[])[0]!;
}

async function stillServes(): Promise<void> {
  sim.script({ text: 'still here' });
  const { final } = await ask(server.url, ['ping']);
  expect(final).toMatchObject({ event: 'complete', data: ['still here'] });
}

describe('LLM failures end the run with a clear error event and the server keeps serving', () => {
  it.each([
    [401, /rejected the credentials \(HTTP 401\).*OPENAI_API_KEY/],
    [403, /rejected the credentials \(HTTP 403\)/],
    [429, /rate limiting/],
    [500, /failed with HTTP 500/],
    [503, /failed with HTTP 503/],
    [400, /refused the request \(HTTP 400\)/],
  ])('HTTP %i', async (status, pattern) => {
    sim.script({ error: { status, message: `upstream says no; key was ${KEY}` } });
    const message = await errorOf(['q']);
    expect(message).toMatch(pattern);
    expect(message).not.toContain(KEY);
    await stillServes();
  });

  it('a stream cut in the middle keeps the partial answer in history, marked as interrupted', async () => {
    sim.script({ text: ['Partial ', 'answer ', 'that ', 'never ', 'ends'], cutAfterChunks: 2 });
    const message = await errorOf(['tell me'], 'cut');
    expect(message).toMatch(/cut off|failed/);
    const turns = await server.sessions.getTurns(scopedSessionId('gradio:open', 'cut'));
    expect(turns[0]).toMatchObject({ status: 'interrupted', answer: 'Partial answer ' });
    sim.script({ text: 'ok' });
    await ask(server.url, ['go on'], { sessionHash: 'cut' });
    const seen = JSON.stringify(sim.requests.at(-1)!.body.messages);
    expect(seen).toContain('Partial answer');
    expect(seen).toContain('[Response interrupted]');
    await stillServes();
  });

  it('an error frame in the middle of the stream', async () => {
    sim.script({ text: ['a', 'b', 'c'], streamErrorAfterChunks: 1 });
    expect(await errorOf(['q'])).toMatch(/LLM provider/);
    await stillServes();
  });

  it('a provider that stops sending times out (LLM_CHUNK_TIMEOUT_S)', async () => {
    sim.script({ text: ['a', 'b', 'c'], hangAfterChunks: 1 });
    expect(await errorOf(['q'])).toMatch(/did not answer in time|timed out/);
    await stillServes();
  });

  it('a turn longer than LLM_TIMEOUT_S ends with a timeout, even while chunks keep coming', async () => {
    const s = await startTestServer(simEnv(sim.url, { LLM_TIMEOUT_S: '0.4', LLM_CHUNK_TIMEOUT_S: '5' }));
    try {
      await waitReady(s.url);
      sim.script({ text: Array.from({ length: 30 }, () => 'tick '), chunkDelayMs: 50 });
      const { final } = await ask(s.url, ['slow'], { sessionHash: 'too-long' });
      expect(final.event).toBe('error');
      expect((final.data as string[])[0]).toMatch(/did not answer in time/);
      expect((await s.sessions.getTurns(scopedSessionId('gradio:open', 'too-long')))[0]).toMatchObject({
        status: 'interrupted',
        errorCode: 'LLM_TIMEOUT',
      });
    } finally {
      await s.close();
    }
  });

  it('a refused connection', async () => {
    const port = await closedPort();
    const s = await startTestServer({
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      AGENT_DEFAULT_MODEL: 'm',
    });
    try {
      // Not ready (test/e2e/readiness.test.ts covers /readyz); the question fails at once with the cause.
      const { final } = await ask(s.url, ['q']);
      expect(final.event).toBe('error');
      expect((final.data as string[])[0]).toMatch(/Cannot reach the LLM provider.*ECONNREFUSED/);
    } finally {
      await s.close();
    }
  });
});

describe('not configured or not ready', () => {
  it('starts without a provider, says what to set, and fails each request naming the variables', async () => {
    const s = await startTestServer({ OPENROUTER_API_KEY: undefined });
    try {
      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; reason: string };
      expect(body.status).toBe('not-configured');
      expect(body.reason).toMatch(/OPENROUTER_API_KEY/);
      expect(body.reason).toMatch(/OPENAI_BASE_URL/);
      const { final } = await ask(s.url, ['q']);
      expect(final.event).toBe('error');
      expect((final.data as string[])[0]).toMatch(/OPENROUTER_API_KEY/);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('a request that arrives while initializing gets "Application is initializing..." after its deadline', async () => {
    const slow = await startLlmSimulator({ modelsDelayMs: 1500 });
    const s = await startTestServer({
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: slow.url,
      QUEUE_TIMEOUT_S: '0.3',
    });
    try {
      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe('initializing');
      const [a, b] = await Promise.all([ask(s.url, ['q1']), ask(s.url, ['q2'])]);
      for (const r of [a, b]) {
        expect(r.final.event).toBe('error');
        expect((r.final.data as string[])[0]).toMatch(/^Application is initializing\.\.\./);
      }
      await waitReady(s.url);
      const { final } = await ask(s.url, ['now']);
      expect(final).toMatchObject({ event: 'complete', data: ['Echo: now'] });
    } finally {
      await s.close();
      await slow.close();
    }
  });

  it('a request that arrives while initializing runs when the app gets ready in time', async () => {
    const slow = await startLlmSimulator({ modelsDelayMs: 300 });
    const s = await startTestServer({
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: slow.url,
      QUEUE_TIMEOUT_S: '5',
    });
    try {
      const { final } = await ask(s.url, ['early']);
      expect(final).toMatchObject({ event: 'complete', data: ['Echo: early'] });
    } finally {
      await s.close();
      await slow.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('providers', () => {
  it('openrouter: talks to an OpenRouter-compatible endpoint with its key and asks for usage', async () => {
    const s = await startTestServer({
      AGENT_PROVIDER: 'openrouter',
      OPENROUTER_API_KEY: 'sk-or-test',
      OPENROUTER_BASE_URL: sim.url,
      AGENT_DEFAULT_MODEL: 'sim-model',
    });
    try {
      await waitReady(s.url);
      expect(await (await fetch(`${s.url}/readyz`)).json()).toMatchObject({
        provider: 'openrouter',
        model: 'sim-model',
      });
      sim.script({ text: 'via openrouter', usage: { prompt_tokens: 5, completion_tokens: 2, cost: 0.0012 } });
      const { final } = await ask(s.url, ['hello'], { sessionHash: 'or-cost' });
      expect(final).toMatchObject({ event: 'complete', data: ['via openrouter'] });
      // The provider's reported cost reaches the stored turn (the web chat shows it under the answer).
      expect((await s.sessions.getTurns(scopedSessionId('gradio:open', 'or-cost')))[0]!.usage).toMatchObject({
        inputTokens: 5,
        outputTokens: 2,
        costUsd: 0.0012,
      });
      const request = sim.requests.at(-1)!;
      expect(request.headers.authorization).toBe('Bearer sk-or-test');
      expect(request.body.temperature).toBe(0);
      expect(request.body.usage).toEqual({ include: true });
    } finally {
      await s.close();
    }
  });

  it('openai without a model: uses the first model the server lists', async () => {
    const listing = await startLlmSimulator({ models: [{ id: 'first-model' }, { id: 'second-model' }] });
    const s = await startTestServer({ AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: listing.url });
    try {
      await waitReady(s.url);
      await ask(s.url, ['hello']);
      expect(listing.requests.at(-1)!.body.model).toBe('first-model');
    } finally {
      await s.close();
      await listing.close();
    }
  });
});
