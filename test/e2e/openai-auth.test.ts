import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

const WARNING = /API_KEYS is not set and the server listens on/;
let sim: LlmSimulator;

beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('API_KEYS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(simEnv(sim.url, { API_KEYS: 'first-key-abc, second-key-xyz' }));
    await waitReady(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  const client = (apiKey: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });

  it('answers 200 to a listed key (any of them)', async () => {
    for (const key of ['first-key-abc', 'second-key-xyz']) {
      const completion = await client(key).chat.completions.create({
        model: 'sim-model',
        messages: [{ role: 'user', content: 'hello' }],
      });
      expect(completion.choices[0]!.message.content).toBe('Echo: hello');
    }
    expect((await client('second-key-xyz').models.list()).data).toHaveLength(1);
  });

  it('answers 401 invalid_api_key to a wrong key, without echoing it', async () => {
    const before = sim.requests.length;
    for (const call of [
      (c: OpenAI) =>
        c.chat.completions.create({ model: 'sim-model', messages: [{ role: 'user', content: 'q' }] }),
      (c: OpenAI) => c.models.list(),
    ]) {
      const error = (await call(client('first-key-abd')).catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error.status).toBe(401);
      expect(error.code).toBe('invalid_api_key');
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).not.toContain('first-key-abd');
    }
    expect(sim.requests.length).toBe(before);
  });

  it('answers 401 to a missing key or another scheme, with WWW-Authenticate', async () => {
    for (const headers of [
      {},
      { authorization: 'Basic Zmlyc3Qta2V5LWFiYw==' },
      { 'x-api-key': 'first-key-abc' },
    ] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'q' }] }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        error: {
          message: expect.stringMatching(/API key/),
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    }
  });

  it('checks the key before reading the body', async () => {
    const response = await fetch(`${server.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(401);
  });

  it('does not warn at start-up when keys are set', () => {
    expect(server.logText()).not.toMatch(WARNING);
  });
});

describe('start-up warning', () => {
  it('warns when HOST is beyond loopback and API_KEYS is not set', async () => {
    const open = await startTestServer(simEnv(sim.url, { HOST: '0.0.0.0' }));
    try {
      const line = open
        .logText()
        .split('\n')
        .find((l) => WARNING.test(l));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ level: 40, host: '0.0.0.0' });
    } finally {
      await open.close();
    }
  });

  it('does not warn on loopback, or beyond it with API_KEYS', async () => {
    const local = await startTestServer(simEnv(sim.url, { HOST: '127.0.0.1' }));
    const keyed = await startTestServer(simEnv(sim.url, { HOST: '0.0.0.0', API_KEYS: 'k-123456' }));
    try {
      expect(local.logText()).not.toMatch(WARNING);
      expect(keyed.logText()).not.toMatch(WARNING);
    } finally {
      await Promise.all([local.close(), keyed.close()]);
    }
  });
});
