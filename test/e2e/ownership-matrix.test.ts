import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyId } from '../../src/http/auth/bearer-auth.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { readCallStream } from '../helpers/call-client.js';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

// Issue 8, item 2: every run and session has an owner, and an id resolves only inside its owner's namespace. Each
// case is one surface or one key trying to reach what another owner made; every one must find it "unknown".

let sim: LlmSimulator;
beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterAll(async () => {
  await sim.close();
});

/** Everything the LLM was sent in its latest request, as text. */
const lastSent = (): string => JSON.stringify(sim.requests.at(-1)?.body?.messages);

async function callRun(server: TestServer, question: string, sessionHash?: string, key?: string) {
  const response = await fetch(`${server.url}/call/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ data: [question], ...(sessionHash ? { session_hash: sessionHash } : {}) }),
  });
  expect(response.status).toBe(200);
  const { event_id } = (await response.json()) as { event_id: string };
  await server.runs.peek(event_id)!.done;
  return event_id;
}

async function chat(server: TestServer, question: string, sessionId: string, key?: string) {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({
      model: 'sim-model',
      messages: [{ role: 'user', content: question }],
      cmw_extra_body: { session_id: sessionId },
    }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe('across surfaces (no API keys)', () => {
  let server: TestServer;
  let owner: string;
  let runId: string;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer(simEnv(sim.url, { AGENT_DEFAULT_MODEL: 'sim-model' }));
    await waitReady(server.url);
    owner = newClientKey();
    sim.script({ text: 'noted' });
    ({ run_id: runId, session_id: sessionId } = await startRun(server.url, owner, {
      question: 'my secret codeword is osprey',
    }));
    await readEvents(server.url, owner, runId);
  });
  afterAll(async () => {
    await server.close();
  });

  it('a native run cannot be streamed through /call under either prefix (404)', async () => {
    for (const prefix of ['', '/gradio_api'])
      for (const apiName of ['ask', 'ask_stream']) {
        const { status, frames } = await readCallStream(server.url, apiName, runId, { prefix });
        expect(status, `${prefix}/call/${apiName}`).toBe(404);
        expect(frames).toMatchObject([{ event: 'http-error', data: { error: { code: 'UNKNOWN_EVENT' } } }]);
      }
  });

  it('/call with session_hash = a native session id gets a fresh conversation and appends nothing to it', async () => {
    sim.script({ text: 'fresh' });
    await callRun(server, 'what is my codeword?', sessionId);
    expect(lastSent()).toContain('what is my codeword?');
    expect(lastSent()).not.toContain('osprey');
    const session = await api(server.url, owner, 'GET', `/api/sessions/${sessionId}`);
    expect(session.json.turns).toHaveLength(1);
  });

  it('the OpenAI endpoint with a native session id: the same', async () => {
    sim.script({ text: 'fresh too' });
    await chat(server, 'and now?', sessionId);
    expect(lastSent()).toContain('and now?');
    expect(lastSent()).not.toContain('osprey');
    expect((await api(server.url, owner, 'GET', `/api/sessions/${sessionId}`)).json.turns).toHaveLength(1);
  });

  it('another client key knows neither the run nor the session (404 everywhere, empty list)', async () => {
    const other = newClientKey();
    expect((await api(server.url, other, 'GET', `/api/runs/${runId}/events`)).status).toBe(404);
    expect((await api(server.url, other, 'POST', `/api/runs/${runId}/cancel`)).status).toBe(404);
    expect((await api(server.url, other, 'GET', `/api/sessions/${sessionId}`)).status).toBe(404);
    expect((await api(server.url, other, 'PATCH', `/api/sessions/${sessionId}`, { title: 'x' })).status).toBe(
      404,
    );
    expect((await api(server.url, other, 'DELETE', `/api/sessions/${sessionId}`)).status).toBe(404);
    expect(
      (await api(server.url, other, 'POST', '/api/runs', { question: 'q', session_id: sessionId })).status,
    ).toBe(404);
    expect((await api(server.url, other, 'GET', '/api/sessions')).json.sessions).toEqual([]);
    // And the owner still has it, untouched.
    expect((await api(server.url, owner, 'GET', `/api/sessions/${sessionId}`)).json.turns).toHaveLength(1);
  });

  it('a /call run and a /call conversation are unknown to the native API', async () => {
    sim.script({ text: 'ok' });
    const eventId = await callRun(server, 'gradio side: the colour is teal', 'cross-surface');
    expect((await api(server.url, owner, 'GET', `/api/runs/${eventId}/events`)).status).toBe(404);
    const [stored] = await server.sessions.listSessions('gradio:open');
    expect(stored?.id).toMatch(/^gradio-[0-9a-f]{40}$/);
    expect((await api(server.url, owner, 'GET', `/api/sessions/${stored!.id}`)).status).toBe(404);
    expect((await api(server.url, owner, 'GET', '/api/sessions/cross-surface')).status).toBe(404);
  });

  it('the same name on /call and on the OpenAI endpoint is two conversations', async () => {
    sim.script({ text: 'ok' });
    await chat(server, 'what colour?', 'cross-surface');
    expect(lastSent()).not.toContain('teal');
    sim.script({ text: 'teal' });
    await callRun(server, 'what colour?', 'cross-surface');
    expect(lastSent()).toContain('teal');
  });
});

describe('across API keys', () => {
  const K1 = 'ownership-key-one-0123456789';
  const K2 = 'ownership-key-two-0123456789';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(
      simEnv(sim.url, { API_KEYS: `${K1},${K2}`, AGENT_DEFAULT_MODEL: 'sim-model' }),
    );
    await waitReady(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it('a /call run is unknown to another key', async () => {
    sim.script({ text: 'k1 answer' });
    const eventId = await callRun(server, 'hello', undefined, K1);
    const byK2 = await readCallStream(server.url, 'ask', eventId, {
      headers: { authorization: `Bearer ${K2}` },
    });
    expect(byK2.status).toBe(404);
    const byK1 = await readCallStream(server.url, 'ask', eventId, {
      headers: { authorization: `Bearer ${K1}` },
    });
    expect(byK1.frames.at(-1)).toMatchObject({ event: 'complete', data: ['k1 answer'] });
  });

  it('a Gradio queue job is invisible to another key with the same session_hash, and cannot be cancelled by it', async () => {
    const h1 = { 'content-type': 'application/json', authorization: `Bearer ${K1}` };
    const h2 = { 'content-type': 'application/json', authorization: `Bearer ${K2}` };
    sim.script({ text: 'queue answer for k1', chunkDelayMs: 20 });
    const joined = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: 'POST',
      headers: h1,
      body: JSON.stringify({ data: ['hello'], fn_index: 0, session_hash: 'q-shared' }),
    });
    const { event_id } = (await joined.json()) as { event_id: string };
    const cancel = await fetch(`${server.url}/gradio_api/cancel`, {
      method: 'POST',
      headers: h2,
      body: JSON.stringify({ event_id, session_hash: 'q-shared' }),
    });
    expect(cancel.status).toBe(404);
    const byK2 = await (
      await fetch(`${server.url}/gradio_api/queue/data?session_hash=q-shared`, { headers: h2 })
    ).text();
    expect(byK2).not.toContain(event_id);
    expect(byK2).toContain('unexpected_error');
    const byK1 = await (
      await fetch(`${server.url}/gradio_api/queue/data?session_hash=q-shared`, { headers: h1 })
    ).text();
    expect(byK1).toContain('process_completed');
    expect(byK1).toContain('queue answer for k1');
  });

  it('Python gradio_client’s hf_token header (X-HF-Authorization) carries the key too', async () => {
    const response = await fetch(`${server.url}/config`, {
      headers: { 'x-hf-authorization': `Bearer ${K2}` },
    });
    expect(response.status).toBe(200);
    const wrong = await fetch(`${server.url}/config`, { headers: { 'x-hf-authorization': 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('the same session_hash under two keys is two conversations, each owned by its key', async () => {
    sim.script({ text: 'ok' });
    await callRun(server, 'my pet is a lynx', 'shared-name', K1);
    sim.script({ text: 'ok' });
    await callRun(server, 'what is my pet?', 'shared-name', K2);
    expect(lastSent()).not.toContain('lynx');
    sim.script({ text: 'a lynx' });
    await callRun(server, 'what is my pet?', 'shared-name', K1);
    expect(lastSent()).toContain('lynx');
    for (const key of [K1, K2]) {
      const scope = `gradio:${apiKeyId(key)}`;
      const stored = await server.sessions.getSession(scopedSessionId(scope, 'shared-name'));
      expect(stored).toMatchObject({ ownerHash: scope });
    }
    expect(await server.sessions.getSession('shared-name')).toBeUndefined();
    expect(await server.sessions.listSessions('gradio:open')).toEqual([]);
  });
});
