import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

// AGENT_FALLBACK_MODELS: a provider that is down, or a model that fails before it streamed anything, hands the
// turn to the next model; a failure after the answer began does not.
let main: LlmSimulator;
let backup: LlmSimulator;

beforeAll(async () => {
  main = await startLlmSimulator({ apiKey: 'sk-main', models: [{ id: 'main-model' }] });
  backup = await startLlmSimulator({
    apiKey: 'gsk-backup',
    models: [{ id: 'backup-model' }],
    finishUsage: 'x_groq',
  });
});

afterAll(async () => {
  await main.close();
  await backup.close();
});

beforeEach(() => {
  main.reset();
  backup.reset();
});

/** An address where nothing listens: connections to it are refused. */
async function closedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

const env = (mainUrl: string, extra: Record<string, string> = {}) => ({
  AGENT_DEFAULT_MODEL: 'openai:main-model',
  OPENAI_BASE_URL: mainUrl,
  OPENAI_API_KEY: 'sk-main',
  GROQ_API_KEY: 'gsk-backup',
  GROQ_BASE_URL: backup.url,
  AGENT_FALLBACK_MODELS: 'groq:backup-model',
  ...extra,
});

/** The last run's client key and session, to read its stored turn. */
let last: { key: string; session: string } | undefined;

async function ask(server: TestServer, body: Record<string, unknown> = {}): Promise<WireData[]> {
  const key = newClientKey();
  const run = await startRun(server.url, key, { question: 'What time is it?', ...body });
  last = { key, session: run.session_id };
  return (await readEvents(server.url, key, run.run_id)).events.map((e) => e.data);
}

describe('a model that fails before answering', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(env(main.url, { LLM_CHUNK_TIMEOUT_S: '0.5' }));
    await waitReady(server.url);
  });

  afterAll(async () => {
    await server.close();
  });

  it('HTTP 503: the call and the rest of the turn move to the fallback, and the run says so', async () => {
    main.script({ error: { status: 503 } });
    backup.script(
      { toolCalls: [{ name: 'get_current_datetime', arguments: {} }] },
      { text: 'From the backup.' },
    );
    const events = await ask(server);
    const fallback = events.find((e) => e.type === 'model-fallback');
    expect(fallback).toMatchObject({
      from: 'openai:main-model',
      to: 'groq:backup-model',
      code: 'LLM_UNAVAILABLE',
    });
    expect(String(fallback!.reason)).toMatch(/openai.*HTTP 503/);
    // Announced before the first step of the backup, and the turn stays on it.
    expect(events.findIndex((e) => e.type === 'model-fallback')).toBeLessThan(
      events.findIndex((e) => e.type === 'step-start'),
    );
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed', text: 'From the backup.' });
    expect(events.find((e) => e.type === 'usage')).toMatchObject({ model: 'backup-model' });
    expect(main.requests).toHaveLength(1);
    expect(backup.requests).toHaveLength(2);
    expect(backup.requests[0]!.headers.authorization).toBe('Bearer gsk-backup');
    expect(server.logText()).toMatch(/"to":"groq:backup-model".*moving to the next/);
    // The stored turn keeps the move and the model that answered.
    const session = await api(server.url, last!.key, 'GET', `/api/sessions/${last!.session}`);
    expect(session.json.turns[0]).toMatchObject({
      model: 'backup-model',
      fallbacks: [{ from: 'openai:main-model', to: 'groq:backup-model', code: 'LLM_UNAVAILABLE' }],
    });
  });

  it('HTTP 429 and an error in place of the first chunk move on too', async () => {
    main.script({ error: { status: 429 } });
    backup.script({ text: 'one' });
    expect((await ask(server)).find((e) => e.type === 'model-fallback')).toMatchObject({
      code: 'LLM_RATE_LIMITED',
    });

    main.script({ text: 'never', streamErrorAfterChunks: 0 });
    backup.script({ text: 'two' });
    const events = await ask(server);
    expect(events.find((e) => e.type === 'model-fallback')).toBeDefined();
    expect(events.at(-1)).toMatchObject({ status: 'completed', text: 'two' });
  });

  it('no first chunk within LLM_CHUNK_TIMEOUT_S: moves on', async () => {
    main.script({ text: 'too late', firstChunkDelayMs: 5000 });
    backup.script({ text: 'in time' });
    const events = await ask(server);
    expect(events.find((e) => e.type === 'model-fallback')).toMatchObject({ code: 'LLM_TIMEOUT' });
    expect(events.at(-1)).toMatchObject({ status: 'completed', text: 'in time' });
  });

  it('a failure after text has streamed is the run’s failure, as without fallbacks', async () => {
    main.script({ text: 'Half an ans', streamErrorAfterChunks: 1 });
    const events = await ask(server);
    expect(events.some((e) => e.type === 'model-fallback')).toBe(false);
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'LLM_STREAM_INTERRUPTED' });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
    expect(backup.requests).toHaveLength(0);
  });

  it('a request the provider refuses (HTTP 400) is not retried elsewhere', async () => {
    main.script({ error: { status: 400, message: 'bad tool schema' } });
    const events = await ask(server);
    expect(events.some((e) => e.type === 'model-fallback')).toBe(false);
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'LLM_BAD_REQUEST' });
    expect(backup.requests).toHaveLength(0);
  });

  it('when the last model fails too, the run fails with its error', async () => {
    main.script({ error: { status: 503 } });
    backup.script({ error: { status: 502 } });
    const events = await ask(server);
    expect(events.filter((e) => e.type === 'model-fallback')).toHaveLength(1);
    const error = events.find((e) => e.type === 'error')!;
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(String(error.message)).toMatch(/groq.*HTTP 502/);
  });

  it('a model the run names explicitly still falls back', async () => {
    main.script({ error: { status: 500 } });
    backup.script({ text: 'ok' });
    const events = await ask(server, { model: 'openai:main-model' });
    expect(events.find((e) => e.type === 'model-fallback')).toBeDefined();
    expect(events.at(-1)).toMatchObject({ status: 'completed', text: 'ok' });
  });
});

describe('retries before moving on', () => {
  it('a retryable failure is retried on the same model first (LLM_MAX_RETRIES); it moves on once they are spent', async () => {
    const server = await startTestServer(env(main.url, { LLM_MAX_RETRIES: '1' }));
    try {
      await waitReady(server.url);
      main.script({ error: { status: 503 } }, { text: 'Second try.' });
      const recovered = await ask(server);
      expect(recovered.some((e) => e.type === 'model-fallback')).toBe(false);
      expect(recovered.at(-1)).toMatchObject({ status: 'completed', text: 'Second try.' });
      expect(main.requests).toHaveLength(2);
      expect(main.requests[1]!.receivedAt - main.requests[0]!.receivedAt).toBeGreaterThanOrEqual(1500);

      main.reset();
      main.script({ error: { status: 503 } }, { error: { status: 503 } });
      backup.script({ text: 'Backup.' });
      const moved = await ask(server);
      expect(moved.find((e) => e.type === 'model-fallback')).toMatchObject({ code: 'LLM_UNAVAILABLE' });
      expect(main.requests).toHaveLength(2);
      expect(moved.at(-1)).toMatchObject({ status: 'completed', text: 'Backup.' });
    } finally {
      await server.close();
    }
  });
});

describe('a default provider that is down', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(env(await closedUrl()));
  });

  afterAll(async () => {
    await server.close();
  });

  it('leaves the server ready (degraded) and runs start on the fallback', async () => {
    await waitReady(server.url);
    const ready = await api(server.url, null, 'GET', '/readyz');
    expect(JSON.stringify(ready.json)).toMatch(/fallback/i);
    backup.script({ text: 'Backup here.' });
    const events = await ask(server);
    expect(events.find((e) => e.type === 'run-start')).toMatchObject({
      model: 'backup-model',
      provider: 'groq',
    });
    expect(events.find((e) => e.type === 'model-fallback')).toMatchObject({
      from: 'openai:main-model',
      to: 'groq:backup-model',
      code: 'LLM_UNAVAILABLE',
    });
    expect(events.at(-1)).toMatchObject({ status: 'completed', text: 'Backup here.' });
  });
});

describe('a client’s own LLM key', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('is refused unless ALLOW_CLIENT_LLM_KEYS is on', async () => {
    const server = await startTestServer(env(main.url));
    servers.push(server);
    await waitReady(server.url);
    const refused = await api(
      server.url,
      newClientKey(),
      'POST',
      '/api/runs',
      { question: 'hi' },
      { headers: { 'x-llm-api-key': 'sk-user-own-key-123' } },
    );
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('CLIENT_LLM_KEY_FORBIDDEN');
    expect(main.requests).toHaveLength(0);
  });

  it('when allowed, goes to the provider for that run only and is never logged or kept', async () => {
    const own = await startLlmSimulator({ apiKey: 'sk-user-own-key-123', models: [{ id: 'main-model' }] });
    try {
      // The server's own key is not the one this simulator takes: only the client's key gets an answer.
      const server = await startTestServer({
        ...env(own.url, { ALLOW_CLIENT_LLM_KEYS: 'true', AGENT_FALLBACK_MODELS: '' }),
        AGENT_CONTEXT_TOKENS: '100000',
      });
      servers.push(server);
      const key = newClientKey();
      const config = await api(server.url, null, 'GET', '/api/config');
      expect(config.json.client_llm_keys).toBe(true);
      own.script({ text: 'With your key.' });
      const post = await api(
        server.url,
        key,
        'POST',
        '/api/runs',
        { question: 'hi' },
        { headers: { 'x-llm-api-key': 'sk-user-own-key-123' } },
      );
      expect(post.status).toBe(202);
      const { events } = await readEvents(server.url, key, post.json.run_id);
      expect(events.at(-1)!.data).toMatchObject({ status: 'completed', text: 'With your key.' });
      expect(own.requests.at(-1)!.headers.authorization).toBe('Bearer sk-user-own-key-123');

      // Without it, the server's key is used (and refused by this provider).
      const plain = await startRun(server.url, key, { question: 'hi', session_id: post.json.session_id });
      const failed = (await readEvents(server.url, key, plain.run_id)).events.map((e) => e.data);
      expect(failed.find((e) => e.type === 'error')).toMatchObject({ code: 'LLM_AUTH_FAILED' });

      const session = await api(server.url, key, 'GET', `/api/sessions/${post.json.session_id}`);
      for (const text of [server.logText(), JSON.stringify(events), JSON.stringify(session.json)])
        expect(text).not.toContain('sk-user-own-key-123');
    } finally {
      await own.close();
    }
  });

  it('lets a server without a key of its own serve runs that bring one', async () => {
    const own = await startLlmSimulator({ apiKey: 'sk-user-own-key-456' });
    try {
      const server = await startTestServer({
        AGENT_PROVIDER: 'openrouter',
        OPENROUTER_BASE_URL: own.url,
        ALLOW_CLIENT_LLM_KEYS: 'true',
      });
      servers.push(server);
      const key = newClientKey();
      const headers = { 'x-llm-api-key': 'sk-user-own-key-456' };
      own.script({ text: 'Your key, the default model.' });
      const post = await api(server.url, key, 'POST', '/api/runs', { question: 'hi' }, { headers });
      const { events } = await readEvents(server.url, key, post.json.run_id);
      expect(events.at(-1)!.data).toMatchObject({
        status: 'completed',
        text: 'Your key, the default model.',
      });
      expect(own.requests[0]!.body.model).toBe('qwen/qwen3.6-plus');

      const keyless = await startRun(server.url, key, { question: 'hi' });
      const failed = (await readEvents(server.url, key, keyless.run_id)).events.map((e) => e.data);
      expect(failed.find((e) => e.type === 'error')).toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
    } finally {
      await own.close();
    }
  });
});
