import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_MARKER } from '../../src/agent/run-agent-turn.js';
import { SQLITE_FILE } from '../../src/sessions/sqlite-session-store.js';
import { ask, postCall } from '../helpers/call-client.js';
import { api, idsOf, newClientKey, readEvents, startRun, type WireEvent } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';

let sim: LlmSimulator;
let server: TestServer;
const extra: TestServer[] = [];
const key = newClientKey();

async function serve(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(simEnv(sim.url, env));
  extra.push(s);
  await waitReady(s.url);
  return s;
}

/**
 * The event types in order, consecutive text deltas counted as one: text that reaches the server in one read is one
 * delta (the LLM client merges them), so how many there are depends on the network, not on the protocol.
 */
const types = (events: WireEvent[]) =>
  events.map((e) => e.data.type).filter((t, i, all) => !(t === 'text-delta' && all[i - 1] === 'text-delta'));
const seqs = (events: WireEvent[]) => events.map((e) => e.data.seq);
const userText = (index: number) => JSON.stringify(sim.requests[index]!.body.messages);

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { STREAM_HEARTBEAT_S: '0.1' }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});
beforeEach(() => sim.reset());
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

describe('GET /api/config', () => {
  it('names the provider and model and says the server is ready, without a client key', async () => {
    const r = await api(server.url, null, 'GET', '/api/config');
    expect(r).toEqual({
      status: 200,
      json: {
        provider: 'openai',
        model: 'sim-model',
        models: [{ id: 'openai:sim-model', provider: 'openai', name: 'sim-model', context_tokens: 131072 }],
        default_model: 'openai:sim-model',
        fallback_models: [],
        client_llm_keys: false,
        ready: true,
        auth_required: false,
      },
    });
  });
});

describe('POST /api/runs and GET /api/runs/:id/events', () => {
  it('creates a run in a new session and streams its typed events in order', async () => {
    sim.script({ text: ['Hel', 'lo', '!'] });
    const post = await api(server.url, key, 'POST', '/api/runs', { question: 'Say hello' });
    expect(post.status).toBe(202);
    expect(post.json.run_id).toMatch(/^[0-9a-f]{32}$/);
    expect(post.json.session_id).toMatch(/^[0-9a-f]{32}$/);
    const { status, contentType, events } = await readEvents(server.url, key, post.json.run_id);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(types(events)).toEqual(['run-start', 'step-start', 'text-delta', 'step-end', 'usage', 'run-end']);
    // id: is the seq, event: is the type, data: the whole event; seq runs 1..N.
    for (const e of events) {
      expect(e.id).toBe(String(e.data.seq));
      expect(e.event).toBe(e.data.type);
    }
    expect(seqs(events)).toEqual(events.map((_, i) => i + 1));
    expect(
      events
        .filter((e) => e.data.type === 'text-delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('Hello!');
    expect(events[0]!.data).toMatchObject({ type: 'run-start', model: 'sim-model' });
    expect(events.at(-1)!.data).toMatchObject({ type: 'run-end', status: 'completed', text: 'Hello!' });
    expect(events.at(-2)!.data).toMatchObject({ type: 'usage', model: 'sim-model' });
    expect(events.at(-2)!.data.totalTokens).toBeGreaterThan(0);
  });

  it('streams tool-call-start and tool-call-end, and the session keeps the tool call, usage and duration', async () => {
    sim.script(
      { toolCalls: [{ id: 'call_dt', name: 'get_current_datetime', arguments: { timezone: 'UTC' } }] },
      { text: 'It is now.' },
    );
    const run = await startRun(server.url, key, { question: 'What time is it?' });
    const { events } = await readEvents(server.url, key, run.run_id);
    expect(types(events)).toEqual([
      'run-start',
      'step-start',
      'tool-call-start',
      'tool-call-end',
      'step-end',
      'step-start',
      'text-delta',
      'step-end',
      'usage',
      'run-end',
    ]);
    const start = events.find((e) => e.data.type === 'tool-call-start')!.data;
    const end = events.find((e) => e.data.type === 'tool-call-end')!.data;
    expect(start).toMatchObject({
      toolCallId: 'call_dt',
      toolName: 'get_current_datetime',
      input: { timezone: 'UTC' },
    });
    expect(end).toMatchObject({ toolCallId: 'call_dt', toolName: 'get_current_datetime', isError: false });
    expect(end.output).toMatchObject({ success: true });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);

    const session = await api(server.url, key, 'GET', `/api/sessions/${run.session_id}`);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ id: run.session_id, title: 'What time is it?' });
    const [turn] = session.json.turns;
    expect(turn).toMatchObject({
      status: 'completed',
      question: 'What time is it?',
      answer: 'It is now.',
      model: 'sim-model',
      tools: [
        {
          toolCallId: 'call_dt',
          toolName: 'get_current_datetime',
          input: { timezone: 'UTC' },
          output: end.output,
          isError: false,
        },
      ],
    });
    expect(turn.error_code).toBeUndefined();
    expect(turn.usage.totalTokens).toBe(events.at(-2)!.data.totalTokens);
    expect(turn.duration_ms).toBeGreaterThanOrEqual(0);
    // The tool call keeps the duration the live stream showed, so a card loaded from history shows it too.
    expect(turn.tools[0].durationMs).toBe(end.durationMs);
  });

  it('resumes after a dropped connection with Last-Event-ID: no lost and no repeated events', async () => {
    sim.script({ text: Array.from({ length: 12 }, (_, i) => `w${i} `), chunkDelayMs: 15 });
    const run = await startRun(server.url, key, { question: 'Count words' });
    const first = await readEvents(server.url, key, run.run_id, {
      stopAfter: (_e, all) => all.filter((x) => x.data.type === 'text-delta').length === 3,
    });
    const lastId = first.events.at(-1)!.id!;
    expect(first.events.at(-1)!.data.type).toBe('text-delta');
    // A stale ?after= is ignored when the header is there (an EventSource reconnects with both).
    const second = await readEvents(server.url, key, run.run_id, { lastEventId: lastId, query: '?after=1' });
    const union = [...seqs(first.events), ...seqs(second.events)];
    expect(union).toEqual(union.map((_, i) => i + 1));
    expect(second.events.at(-1)!.data).toMatchObject({ type: 'run-end', status: 'completed' });
    expect(second.events.at(-1)!.data.text).toBe(Array.from({ length: 12 }, (_, i) => `w${i} `).join(''));

    // ?after= alone does the same once the run has ended; after the last seq there is nothing left.
    const viaQuery = await readEvents(server.url, key, run.run_id, { query: '?after=2' });
    expect(seqs(viaQuery.events)).toEqual(union.slice(2));
    const none = await readEvents(server.url, key, run.run_id, { lastEventId: String(union.length) });
    expect(none.events).toEqual([]);
  });

  it('cancels a long run: run-end cancelled, the partial answer kept in history marked interrupted', async () => {
    sim.script({ text: Array.from({ length: 40 }, (_, i) => `part${i} `), chunkDelayMs: 40 });
    const run = await startRun(server.url, key, { question: 'Write a long essay' });
    let cancel: Promise<{ status: number; json: any }> | undefined;
    const { events } = await readEvents(server.url, key, run.run_id, {
      stopAfter: (e) => {
        if (e.data.type === 'text-delta' && cancel === undefined)
          cancel = api(server.url, key, 'POST', `/api/runs/${run.run_id}/cancel`);
        return false;
      },
    });
    expect(await cancel).toEqual({ status: 202, json: { cancelled: true } });
    expect(types(events).slice(-3)).toEqual(['usage', 'error', 'run-end']);
    expect(events.at(-2)!.data).toMatchObject({ code: 'RUN_CANCELLED' });
    const end = events.at(-1)!.data;
    expect(end.status).toBe('cancelled');
    // Part of the answer, not all of it.
    expect(end.text).toMatch(/^part0 /);
    expect(end.text).not.toMatch(/part39 $/);

    const again = await api(server.url, key, 'POST', `/api/runs/${run.run_id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('RUN_ENDED');

    const session = await api(server.url, key, 'GET', `/api/sessions/${run.session_id}`);
    expect(session.json.turns).toHaveLength(1);
    expect(session.json.turns[0]).toMatchObject({
      status: 'interrupted',
      error_code: 'RUN_CANCELLED',
      answer: end.text,
    });
    const [stored] = await server.sessions.getTurns(run.session_id);
    expect(JSON.stringify(stored!.messages)).toContain(INTERRUPTED_MARKER);
  });

  it('reports queue positions while a run waits (QUEUE_CONCURRENCY=1), and heartbeats', async () => {
    sim.script({ text: 'first', firstChunkDelayMs: 400 }, { text: 'second' }, { text: 'third' });
    const a = await startRun(server.url, key, { question: 'one' });
    const b = await startRun(server.url, key, { question: 'two' });
    const c = await startRun(server.url, key, { question: 'three' });
    const [ra, rb, rc] = await Promise.all([a, b, c].map((r) => readEvents(server.url, key, r.run_id)));
    expect(types(ra!.events)[0]).toBe('run-start');
    // B is told again when C joins behind it: its place is the same, the queue is longer.
    expect(rb!.events.slice(0, 3).map((e) => e.data)).toMatchObject([
      { type: 'queued', position: 1, queueSize: 1 },
      { type: 'queued', position: 1, queueSize: 2 },
      { type: 'run-start' },
    ]);
    expect(rc!.events.slice(0, 3).map((e) => e.data)).toMatchObject([
      { type: 'queued', position: 2, queueSize: 2 },
      { type: 'queued', position: 1, queueSize: 1 },
      { type: 'run-start' },
    ]);
    for (const r of [ra, rb, rc]) expect(r!.events.at(-1)!.data).toMatchObject({ status: 'completed' });
    // STREAM_HEARTBEAT_S=0.1 and C waited 400 ms: it got `: ping` comments between its events.
    expect(rc!.comments.filter((x) => x.trim() === 'ping').length).toBeGreaterThan(0);
  });

  it('answers 503 QUEUE_FULL and leaves no empty session behind', async () => {
    const s = await serve({ QUEUE_MAX_SIZE: '0' });
    const k = newClientKey();
    sim.script({ text: 'slow', firstChunkDelayMs: 300 });
    const running = await startRun(s.url, k, { question: 'takes the slot' });
    const refused = await api(s.url, k, 'POST', '/api/runs', { question: 'no room' });
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('QUEUE_FULL');
    const list = await api(s.url, k, 'GET', '/api/sessions');
    expect(idsOf(list.json.sessions)).toEqual([running.session_id]);
    await readEvents(s.url, k, running.run_id);
  });

  it('never logs request credentials or the client key', async () => {
    sim.script({ text: 'ok' });
    const run = await startRun(server.url, key, {
      question: 'with credentials',
      credentials: { base_url: 'http://platform.invalid', username: 'bob', password: 'pw-very-secret-917' },
    });
    await readEvents(server.url, key, run.run_id);
    expect(server.logText()).not.toContain('pw-very-secret-917');
    expect(server.logText()).not.toContain(key);
  });
});

describe('sessions', () => {
  it('lists, reads, continues, renames and deletes the caller’s sessions', async () => {
    const k = newClientKey();
    sim.setHandler(() => ({ text: 'answer' }));
    const long = 'Please create a template called Employees with a text attribute Full name and a phone';
    const s1 = await startRun(server.url, k, { question: long });
    await readEvents(server.url, k, s1.run_id);
    const s2 = await startRun(server.url, k, { question: 'second', title: '  My title  ' });
    await readEvents(server.url, k, s2.run_id);

    let list = (await api(server.url, k, 'GET', '/api/sessions')).json.sessions;
    expect(idsOf(list)).toEqual([s2.session_id, s1.session_id]);
    expect(list[1].title.length).toBeLessThanOrEqual(60);
    expect(list[1].title).toMatch(/^Please create a template called Employees with.*…$/);
    expect(list[0]).toMatchObject({ title: 'My title', turns: 1 });
    expect(Object.keys(list[0]).sort()).toEqual(['created_at', 'id', 'title', 'turns', 'updated_at']);

    // A second turn in the first session: it sees the first and moves to the top.
    const next = await startRun(server.url, k, { question: 'and again', session_id: s1.session_id });
    expect(next.session_id).toBe(s1.session_id);
    await readEvents(server.url, k, next.run_id);
    expect(userText(sim.requests.length - 1)).toContain('Please create a template');
    list = (await api(server.url, k, 'GET', '/api/sessions')).json.sessions;
    expect((list as { id: string; turns: number }[]).map((x) => [x.id, x.turns])).toEqual([
      [s1.session_id, 2],
      [s2.session_id, 1],
    ]);
    const detail = (await api(server.url, k, 'GET', `/api/sessions/${s1.session_id}`)).json;
    expect((detail.turns as { question: string }[]).map((t) => t.question)).toEqual([long, 'and again']);

    const renamed = await api(server.url, k, 'PATCH', `/api/sessions/${s1.session_id}`, {
      title: ' Renamed ',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: s1.session_id, title: 'Renamed', turns: 2 });
    for (const title of ['', '   ', 'x'.repeat(201), 5]) {
      const bad = await api(server.url, k, 'PATCH', `/api/sessions/${s1.session_id}`, { title });
      expect(bad.status, String(title)).toBe(400);
      expect(bad.json.error.code).toBe('INVALID_BODY');
    }

    const del = await api(server.url, k, 'DELETE', `/api/sessions/${s1.session_id}`);
    expect(del).toEqual({ status: 204, json: undefined });
    expect((await api(server.url, k, 'GET', `/api/sessions/${s1.session_id}`)).status).toBe(404);
    expect(await server.sessions.getTurns(s1.session_id)).toEqual([]);
    list = (await api(server.url, k, 'GET', '/api/sessions')).json.sessions;
    expect(idsOf(list)).toEqual([s2.session_id]);
  });

  it('deleting a session stops its running turn, which does not bring the session back', async () => {
    const k = newClientKey();
    sim.script({ text: Array.from({ length: 30 }, () => 'x '), chunkDelayMs: 30 });
    const run = await startRun(server.url, k, { question: 'long' });
    await readEvents(server.url, k, run.run_id, { stopAfter: (e) => e.data.type === 'text-delta' });
    expect((await api(server.url, k, 'DELETE', `/api/sessions/${run.session_id}`)).status).toBe(204);
    expect(server.runs.peek(run.run_id)!.status).toBe('cancelled');
    expect(await server.sessions.getSession(run.session_id)).toBeUndefined();
  });

  it('keeps two client keys apart: the other key gets 404 for every run and session route', async () => {
    const [a, b] = [newClientKey(), newClientKey()];
    sim.setHandler(() => ({ text: 'mine' }));
    const run = await startRun(server.url, a, { question: 'secret of A' });
    await readEvents(server.url, a, run.run_id);
    const s = `/api/sessions/${run.session_id}`;
    const checks: [string, string, unknown, string][] = [
      ['GET', s, undefined, 'UNKNOWN_SESSION'],
      ['PATCH', s, { title: 'stolen' }, 'UNKNOWN_SESSION'],
      ['DELETE', s, undefined, 'UNKNOWN_SESSION'],
      ['POST', '/api/runs', { question: 'q', session_id: run.session_id }, 'UNKNOWN_SESSION'],
      ['GET', `/api/runs/${run.run_id}/events`, undefined, 'UNKNOWN_RUN'],
      ['POST', `/api/runs/${run.run_id}/cancel`, undefined, 'UNKNOWN_RUN'],
    ];
    for (const [method, url, body, code] of checks) {
      const r = await api(server.url, b, method, url, body);
      expect([method, url, r.status, r.json?.error?.code]).toEqual([method, url, 404, code]);
    }
    expect((await api(server.url, b, 'GET', '/api/sessions')).json).toEqual({ sessions: [] });
    // Still A's, untouched.
    const mine = await api(server.url, a, 'GET', s);
    expect(mine.json).toMatchObject({ title: 'secret of A', turns: [{ answer: 'mine' }] });
  });

  it('does not expose /call runs and sessions through the native API', async () => {
    sim.setHandler(() => ({ text: 'gradio' }));
    const post = await postCall(server.url, 'ask_stream', {
      data: ['via call'],
      session_hash: 'call-session-x',
    });
    const events = await readEvents(server.url, key, post.json.event_id);
    expect(events.status).toBe(404);
    expect(events.json.error.code).toBe('UNKNOWN_RUN');
    await ask(server.url, ['again'], { sessionHash: 'call-session-x' });
    expect((await api(server.url, key, 'GET', '/api/sessions/call-session-x')).status).toBe(404);
    const r = await api(server.url, key, 'POST', '/api/runs', {
      question: 'q',
      session_id: 'call-session-x',
    });
    expect(r.status).toBe(404);
  });
});

describe('bad input', () => {
  it('needs a valid X-Client-Key on run and session routes (401)', async () => {
    for (const k of [null, 'short', 'x'.repeat(129), `${'a'.repeat(40)}!`]) {
      for (const [method, url, body] of [
        ['POST', '/api/runs', { question: 'q' }],
        ['GET', '/api/sessions', undefined],
        ['GET', '/api/sessions/abc', undefined],
        ['GET', '/api/runs/abc/events', undefined],
        ['POST', '/api/runs/abc/cancel', undefined],
      ] as const) {
        const r = await api(server.url, k, method, url, body);
        expect([k, method, url, r.status, r.json.error.code]).toEqual([
          k,
          method,
          url,
          401,
          'INVALID_CLIENT_KEY',
        ]);
      }
    }
  });

  it('refuses bad bodies and parameters with clear 4xx codes', async () => {
    const post = (body: unknown, raw?: string) =>
      api(server.url, key, 'POST', '/api/runs', body, raw !== undefined ? { raw } : {});
    const cases: [Promise<{ status: number; json: any }>, number, string, RegExp?][] = [
      [post(undefined, '{"question": '), 400, 'INVALID_JSON'],
      [post([1, 2]), 400, 'INVALID_BODY', /JSON object/],
      [post({}), 400, 'INVALID_BODY', /question/],
      [post({ question: 5 }), 400, 'INVALID_BODY', /question/],
      [post({ question: '   ' }), 400, 'EMPTY_QUESTION'],
      [post({ question: 'q', sessionId: 'x' }), 400, 'INVALID_BODY', /sessionId/],
      [post({ question: 'q', title: 'x'.repeat(201) }), 400, 'INVALID_BODY', /title/],
      [post({ question: 'q', credentials: { password: 5 } }), 400, 'INVALID_BODY', /credentials\.password/],
      [post({ question: 'q', session_id: 'nope' }), 404, 'UNKNOWN_SESSION'],
      [post({ question: 'x'.repeat(1024 * 1024 + 10) }), 413, 'BODY_TOO_LARGE'],
      [api(server.url, key, 'GET', '/api/runs/nope/events'), 404, 'UNKNOWN_RUN'],
      [api(server.url, key, 'POST', '/api/runs/nope/cancel'), 404, 'UNKNOWN_RUN'],
      [api(server.url, key, 'GET', '/api/sessions/nope'), 404, 'UNKNOWN_SESSION'],
      [api(server.url, key, 'PATCH', '/api/sessions/nope', { title: 't' }), 404, 'UNKNOWN_SESSION'],
      [api(server.url, key, 'DELETE', '/api/sessions/nope'), 404, 'UNKNOWN_SESSION'],
    ];
    for (const [promise, status, code, message] of cases) {
      const r = await promise;
      expect([r.status, r.json.error.code]).toEqual([status, code]);
      if (message) expect(r.json.error.message).toMatch(message);
    }
    sim.script({ text: 'fine' });
    const run = await startRun(server.url, key, { question: 'q' });
    for (const [lastEventId, query] of [
      ['abc', ''],
      ['-1', ''],
      ['', '?after=1.5'],
    ] as const) {
      const r = await readEvents(server.url, key, run.run_id, { lastEventId, query });
      expect([r.status, r.json?.error?.code]).toEqual([400, 'INVALID_PARAMS']);
    }
    await readEvents(server.url, key, run.run_id);
  });
});

describe('persistence (SQLite)', () => {
  it('keeps sessions, titles and turns across a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-native-'));
    const env = { SESSION_STORE: 'sqlite', DATA_DIR: dataDir };
    const k = newClientKey();
    const first = await serve(env);
    sim.script({ text: 'remembered 4217' });
    const run = await startRun(first.url, k, { question: 'remember 4217', title: 'Numbers' });
    await readEvents(first.url, k, run.run_id);
    await api(first.url, k, 'PATCH', `/api/sessions/${run.session_id}`, { title: 'Numbers, renamed' });
    await first.close();

    const second = await serve(env);
    const list = (await api(second.url, k, 'GET', '/api/sessions')).json.sessions;
    expect(list).toMatchObject([{ id: run.session_id, title: 'Numbers, renamed', turns: 1 }]);
    const detail = (await api(second.url, k, 'GET', `/api/sessions/${run.session_id}`)).json;
    expect(detail.turns[0]).toMatchObject({
      status: 'completed',
      answer: 'remembered 4217',
      model: 'sim-model',
    });
    expect(detail.turns[0].usage.totalTokens).toBeGreaterThan(0);
    sim.script({ text: '4217' });
    const next = await startRun(second.url, k, { question: 'which number?', session_id: run.session_id });
    await readEvents(second.url, k, next.run_id);
    expect(userText(sim.requests.length - 1)).toContain('remember 4217');
  });

  it('opens a database written by the previous version (old sessions/turns tables)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-native-old-'));
    const db = new Database(path.join(dataDir, SQLITE_FILE));
    db.exec(`
      CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE turns (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, seq INTEGER NOT NULL, id TEXT NOT NULL,
        created_at TEXT NOT NULL, status TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
        messages TEXT NOT NULL, error_code TEXT, model TEXT, PRIMARY KEY (session_id, seq));`);
    const at = '2025-06-01T10:00:00.000Z';
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run('legacy', at, at);
    const messages = [
      { role: 'user', content: 'my legacy codeword is heron' },
      { role: 'assistant', content: [{ type: 'text', text: 'Noted.' }] },
    ];
    db.prepare('INSERT INTO turns VALUES (?, 1, ?, ?, ?, ?, ?, ?, NULL, ?)').run(
      'legacy',
      't-legacy',
      at,
      'completed',
      'my legacy codeword is heron',
      'Noted.',
      JSON.stringify(messages),
      'old-model',
    );
    db.close();

    const s = await serve({ SESSION_STORE: 'sqlite', DATA_DIR: dataDir });
    sim.setHandler(() => ({ text: 'heron' }));
    const { final } = await ask(s.url, ['what is my codeword?'], { sessionHash: 'legacy' });
    expect(final.data).toEqual(['heron']);
    expect(userText(sim.requests.length - 1)).toContain('my legacy codeword is heron');
    // The old conversation now lives in the Gradio scope of the server without API keys, owned by it.
    const adopted = scopedSessionId('gradio:open', 'legacy');
    expect((await s.sessions.getTurns(adopted)).map((t) => t.question)).toEqual([
      'my legacy codeword is heron',
      'what is my codeword?',
    ]);
    expect(await s.sessions.getSession('legacy')).toBeUndefined();
    expect(await s.sessions.getSession(adopted)).toMatchObject({ ownerHash: 'gradio:open', turnCount: 2 });
    // It is not a native session; new native sessions work beside it.
    const k = newClientKey();
    const run = await startRun(s.url, k, { question: 'new here' });
    await readEvents(s.url, k, run.run_id);
    const list = (await api(s.url, k, 'GET', '/api/sessions')).json.sessions;
    expect(idsOf(list)).toEqual([run.session_id]);
    expect((await api(s.url, k, 'GET', '/api/sessions/legacy')).status).toBe(404);
    expect((await api(s.url, k, 'GET', `/api/sessions/${adopted}`)).status).toBe(404);
  });
});

describe('model choice', () => {
  it('runs a model the provider listed, and refuses one it did not', async () => {
    const listing = await startLlmSimulator({ models: [{ id: 'main-model' }, { id: 'other-model' }] });
    const s = await startTestServer(simEnv(listing.url, { AGENT_DEFAULT_MODEL: 'main-model' }));
    try {
      await waitReady(s.url);
      const k = newClientKey();
      const config = await api(s.url, null, 'GET', '/api/config');
      expect(idsOf(config.json.models)).toEqual(['openai:main-model', 'openai:other-model']);

      const chosen = await startRun(s.url, k, { question: 'hi', model: 'other-model' });
      const events = await readEvents(s.url, k, chosen.run_id);
      expect(events.events.find((e) => e.data.type === 'run-start')!.data).toMatchObject({
        model: 'other-model',
      });
      expect(listing.requests.at(-1)!.body.model).toBe('other-model');

      await readEvents(s.url, k, (await startRun(s.url, k, { question: 'hi' })).run_id);
      expect(listing.requests.at(-1)!.body.model).toBe('main-model');

      const refused = await api(s.url, k, 'POST', '/api/runs', { question: 'hi', model: 'nope' });
      expect(refused.status).toBe(404);
      expect(refused.json.error.code).toBe('MODEL_NOT_FOUND');
      expect((await api(s.url, k, 'GET', '/api/sessions')).json.sessions).toHaveLength(2);
    } finally {
      await s.close();
      await listing.close();
    }
  });
});
