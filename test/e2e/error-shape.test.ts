import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/app-error.js';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

// Issue 8 item 5: Fastify's own errors escaped in their own shape ({"error":"Bad Request","code":"FST_ERR_…"}),
// and routes that take no body refused an empty JSON body.

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

interface Answer {
  status: number;
  body: any;
  text: string;
}

async function send(
  method: string,
  path: string,
  init: { body?: string; type?: string } = {},
): Promise<Answer> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: init.type ? { 'content-type': init.type } : {},
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await r.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: r.status, body, text };
}

/** The documented shape: `{"error": {"code", "message"}}` with a code of docs/errors.md and its status. */
function expectShape(
  a: Answer,
  code: keyof typeof ERROR_CODES,
  surface: 'ours' | 'gradio' | 'openai' = 'ours',
) {
  expect(a.text).not.toMatch(/FST_|statusCode/);
  expect(a.status).toBe(ERROR_CODES[code].status);
  expect(typeof a.body?.error?.message).toBe('string');
  expect(a.body.error.code).toBe(surface === 'openai' ? code.toLowerCase() : code);
  if (surface === 'gradio') expect(a.body.detail).toBe(a.body.error.message);
  if (surface === 'ours') expect(Object.keys(a.body)).toEqual(['error']);
}

describe('errors Fastify raises before routing have the server shape', () => {
  it('a path that is not UTF-8 once decoded (%ff) is 400 INVALID_URL on every surface', async () => {
    expectShape(await send('GET', '/call/ask/%ff'), 'INVALID_URL');
    expectShape(await send('GET', '/api/runs/%ff/events'), 'INVALID_URL');
    expectShape(await send('GET', '/gradio_api/heartbeat/%ff'), 'INVALID_URL', 'gradio');
    expectShape(await send('GET', '/v1/models/%ff'), 'INVALID_URL', 'openai');
  });

  it('an id of 5,000 characters is 400 INVALID_URL, not 414', async () => {
    const id = 'a'.repeat(5000);
    expectShape(await send('GET', `/call/ask/${id}`), 'INVALID_URL');
    expectShape(await send('DELETE', `/api/sessions/${id}`), 'INVALID_URL');
  });

  it('ids up to the lengths the server accepts reach their route (Fastify cut them at 100)', async () => {
    // Unknown, so 404 from the route itself rather than a 414 from the router.
    expectShape(await send('GET', `/call/ask/${'e'.repeat(300)}`), 'UNKNOWN_EVENT');
    const session = await api(server.url, newClientKey(), 'GET', `/api/sessions/${'s'.repeat(256)}`);
    expect(session.status).toBe(404);
    expect(session.json.error.code).toBe('UNKNOWN_SESSION');
  });
});

describe('body errors', () => {
  it.each([
    ['POST', '/call/ask', 'ours'],
    ['POST', '/gradio_api/queue/join', 'gradio'],
    ['POST', '/v1/chat/completions', 'openai'],
  ] as const)('%s %s with an empty JSON body is 400 INVALID_JSON', async (method, path, surface) => {
    expectShape(await send(method, path, { type: 'application/json', body: '' }), 'INVALID_JSON', surface);
  });

  it('native routes that need a body say INVALID_JSON for an empty one', async () => {
    const key = newClientKey();
    const r = await api(server.url, key, 'POST', '/api/runs', undefined, {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('INVALID_JSON');
  });

  it.each([
    ['not JSON', 'application/json', '{"data": [', 'INVALID_JSON'],
    ['prototype poisoning', 'application/json', '{"__proto__": {"x": 1}, "data": ["q"]}', 'INVALID_JSON'],
    ['an unsupported media type', 'application/xml', '<data/>', 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', 'application/json', `{"data":["${'x'.repeat(1_100_000)}"]}`, 'BODY_TOO_LARGE'],
  ] as const)('%s', async (_what, type, body, code) => {
    expectShape(await send('POST', '/call/ask', { type, body }), code);
  });

  it('an unknown route or method', async () => {
    expectShape(await send('GET', '/nope'), 'NOT_FOUND');
    expectShape(await send('PUT', '/api/sessions'), 'NOT_FOUND');
  });
});

describe('routes that take no body accept an empty JSON one', () => {
  it('POST /api/runs/{id}/cancel with Content-Type: application/json and no body cancels the run', async () => {
    const key = newClientKey();
    sim.script({ text: Array.from({ length: 50 }, () => 'slow '), chunkDelayMs: 50 });
    const { run_id } = await startRun(server.url, key, { question: 'take your time' });
    const r = await api(server.url, key, 'POST', `/api/runs/${run_id}/cancel`, undefined, {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(r).toMatchObject({ status: 202, json: { cancelled: true } });
    const { events } = await readEvents(server.url, key, run_id);
    expect(events.at(-1)!.data).toMatchObject({ type: 'run-end', status: 'cancelled' });
  });

  it('DELETE /api/sessions/{id} with Content-Type: application/json and no body deletes it', async () => {
    const key = newClientKey();
    const { run_id, session_id } = await startRun(server.url, key, { question: 'hello' });
    await readEvents(server.url, key, run_id);
    const r = await api(server.url, key, 'DELETE', `/api/sessions/${session_id}`, undefined, {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(204);
    expect((await api(server.url, key, 'GET', `/api/sessions/${session_id}`)).status).toBe(404);
  });
});

describe('a request that arrives while the server closes', () => {
  it('gets 503 SHUTTING_DOWN in the server shape, not Fastify’s', async () => {
    const s = await startTestServer(simEnv(sim.url, { SHUTDOWN_GRACE_S: '0.3' }));
    await waitReady(s.url);
    const key = newClientKey();
    sim.script({ text: Array.from({ length: 100 }, () => 'tick '), chunkDelayMs: 30 });
    const { run_id } = await startRun(s.url, key, { question: 'long' });
    // A connection busy with an event stream stays open while the server closes (idle ones are closed); a
    // second request sent on it then is read during the shutdown.
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`GET /api/runs/${run_id}/events HTTP/1.1\r\nHost: x\r\nX-Client-Key: ${key}\r\n\r\n`);
    await new Promise((res) => setTimeout(res, 200));
    const closed = s.close();
    await new Promise((res) => setTimeout(res, 50));
    socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await closed;
    await ended;
    const second = received.slice(received.lastIndexOf('HTTP/1.1 '));
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
    expect(body).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String) } });
  });
});
