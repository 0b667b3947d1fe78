import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

const KEY = 'cmw-test-api-key-0123456789';
let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { API_KEYS: `other-key,${KEY}` }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

const auth = { authorization: `Bearer ${KEY}` };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('API_KEYS protects every surface that runs the agent', () => {
  it.each(['/call/ask_stream', '/gradio_api/call/ask_stream'])(
    '%s: 401 without the key, 200 with it',
    async (path) => {
      const refused = await post(path, { data: ['q'] });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('INVALID_API_KEY');
      const wrong = await post(path, { data: ['q'] }, { authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      const ok = await post(path, { data: ['q'] }, auth);
      expect(ok.status).toBe(200);
      const { event_id } = (await ok.json()) as { event_id: string };
      expect((await fetch(`${server.url}${path}/${event_id}`)).status).toBe(401);
      const stream = await fetch(`${server.url}${path}/${event_id}`, { headers: auth });
      expect(await stream.text()).toMatch(/event: complete/);
    },
  );

  it('the native run API and the Gradio queue need it too; /api/config says so', async () => {
    expect((await post('/api/runs', { question: 'q' }, { 'x-client-key': 'k'.repeat(43) })).status).toBe(401);
    expect(
      (await post('/gradio_api/queue/join', { data: ['q'], fn_index: 0, session_hash: 'abc' })).status,
    ).toBe(401);
    const config = await fetch(`${server.url}/api/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ auth_required: true });
  });

  it('leaves health, readiness, /api/config and the API docs open; the Gradio descriptions need the key', async () => {
    for (const path of ['/healthz', '/readyz', '/api/config', '/openapi.json', '/docs'])
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    // Gradio clients send their token to /config and /gradio_api/info too, so these need not be open.
    for (const path of ['/config', '/gradio_api/info']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(401);
      expect((await fetch(`${server.url}${path}`, { headers: auth })).status, path).toBe(200);
    }
  });

  it('never logs the key', () => {
    expect(server.logText()).not.toContain(KEY);
  });
});

describe('the official Gradio client with the key in its headers', () => {
  it('predicts with the key and is refused without it', async () => {
    const { Client } = (await import('@gradio/client')) as unknown as {
      Client: {
        connect(
          url: string,
          options: { headers?: Record<string, string> },
        ): Promise<{ predict(endpoint: string, data: Record<string, string>): Promise<{ data: unknown[] }> }>;
      };
    };
    sim.script({ text: 'with key' });
    const client = await Client.connect(server.url, { headers: auth });
    const result = await client.predict('/ask', { question: 'hello' });
    expect(result.data).toEqual(['with key']);
    // Without the key the client cannot even read the app's config.
    await expect(
      Client.connect(server.url, {}).then((anonymous) => anonymous.predict('/ask', { question: 'hello' })),
    ).rejects.toBeTruthy();
  });
});
