import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/tools/tool-context.js';
import { postCall } from '../helpers/call-client.js';
import { api, newClientKey, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { SEED, startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// Issue 8, item 4: a platform (or a proxy before it) that echoes the request's Authorization header in a
// successful answer must not put the Basic token anywhere: not in what the model is sent, not in the streams, the
// stored conversation (SQLite and its WAL), the session read back or the log. The password is chosen so that each
// derived form differs from the plain one (a quote and a backslash for JSON, `@ / + &` for URLs).
const LOGIN = 'analyst';
const PASSWORD = 'Lk9"p\\w/@+&Zq-5x';
const LLM_KEY = simEnv('').OPENAI_API_KEY!;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unpadded = (s: string) => s.replace(/=+$/, '');
const TOKEN = b64(`${LOGIN}:${PASSWORD}`);

/** Every form of the credentials that must never show; unpadded base64 also finds the padded one. */
const FORMS: Record<string, string> = {
  password: PASSWORD,
  'JSON-escaped password': JSON.stringify(PASSWORD).slice(1, -1),
  'URL-encoded password': encodeURIComponent(PASSWORD),
  'base64 password': unpadded(b64(PASSWORD)),
  'Basic token': unpadded(TOKEN),
  'LLM key': LLM_KEY,
};

/** The model asks for a record (whose values hold the password's forms) and the application list, at once. */
const TOOL_CALLS = {
  toolCalls: [
    {
      name: 'get_record_values',
      arguments: {
        record_id: SEED.records.ivanov,
        attribute_system_names: ['FullName', 'Phone', 'Email', 'BadgeNumber'],
      },
    },
    { name: 'list_applications', arguments: {} },
  ],
};
// With a [[sim:…]] directive the simulator makes these calls, then answers `Tool results: <what it was sent>`, so
// whatever the model saw also comes back as the answer, into the streams and the store.
const QUESTION = `[[sim:${JSON.stringify(TOOL_CALLS)}]] show me Ivanov`;

let llm: LlmSimulator;
let platform: PlatformSimulator;
let server: TestServer;
let dataDir: string;
let closed = false;

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator({
    echoHeaders: true,
    users: [{ login: LOGIN, password: PASSWORD }],
  });
  dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-agent-leaks-'));
  server = await startTestServer(simEnv(llm.url, { SESSION_STORE: 'sqlite', DATA_DIR: dataDir }));
  await waitReady(server.url);
});
afterAll(async () => {
  if (!closed) await server?.close();
  await llm?.close();
  await platform?.close();
});
beforeEach(() => {
  llm.reset();
  platform.reset();
  // The platform holds the password's forms (and the LLM key) in data, and a refused call quotes the Authorization
  // header.
  const values = platform.state.records.get(SEED.records.ivanov)!.values;
  values.set('FullName', `pw ${PASSWORD} key ${LLM_KEY} end`);
  values.set('Phone', `b64 ${b64(PASSWORD)} end`);
  values.set('Email', `url ${encodeURIComponent(PASSWORD)} end`);
  values.set('BadgeNumber', `json ${JSON.stringify(PASSWORD)} end`);
  platform.failNext('/webapi/Solution', {
    status: 502,
    contentType: 'text/html',
    body: `<html><body>Bad gateway. Request: GET /webapi/Solution Authorization: Basic ${TOKEN}</body></html>`,
  });
});

/** Reads an SSE response to its end and returns its raw text and parsed events. */
async function readSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ raw: string; events: { event: string | undefined; data: string }[] }> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  const raw = await response.text();
  const events: { event: string | undefined; data: string }[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
  parser.feed(raw);
  return { raw, events };
}

/** The tool results in the LLM request that followed the tool calls, by tool name. */
function toolResultsSent(): Record<string, ToolResult> {
  expect(llm.requests).toHaveLength(2);
  const messages = llm.requests[1]!.body.messages as {
    role: string;
    content: string;
    tool_call_id?: string;
    tool_calls?: { id: string; function: { name: string } }[];
  }[];
  const names = new Map(messages.flatMap((m) => m.tool_calls ?? []).map((c) => [c.id, c.function.name]));
  return Object.fromEntries(
    messages
      .filter((m) => m.role === 'tool')
      .map((m): [string, ToolResult] => [names.get(m.tool_call_id!)!, JSON.parse(m.content) as ToolResult]),
  );
}

/** The run succeeded, the tools reached the platform, and the model got the results with the secrets hidden. */
function expectResultsReachedTheModel(answer: string): void {
  const requests = platform.requests.map((r) => [r.operation ?? r.decodedPath, r.status, r.login]);
  expect(requests).toEqual(
    expect.arrayContaining([
      ['POST /api/public/system/TeamNetwork/ObjectService/GetPropertyValues', 200, LOGIN],
      ['/webapi/Solution', 502, LOGIN],
    ]),
  );
  const results = toolResultsSent();
  expect(results.get_record_values).toEqual({
    success: true,
    status: 200,
    data: {
      records: [
        {
          record_id: SEED.records.ivanov,
          values: {
            FullName: 'pw [redacted] key [redacted] end',
            Phone: 'b64 [redacted] end',
            Email: 'url [redacted] end',
            BadgeNumber: 'json "[redacted]" end',
            // The echo came through: the other headers as sent, the Authorization header hidden whole.
            requestHeaders: expect.objectContaining({
              authorization: '[redacted]',
              accept: 'application/json',
              'content-type': 'application/json',
              host: `127.0.0.1:${platform.port}`,
            }),
          },
        },
      ],
    },
  });
  expect(results.list_applications).toEqual({
    success: false,
    status: 502,
    error: expect.stringContaining('Authorization: [redacted]'),
  });
  // The simulated model repeats what it was sent, so the marker reaches the answer too.
  expect(answer).toMatch(/^Tool results: /);
  expect(answer).toContain('"authorization":"[redacted]"');
}

/** Asserts that no form of the credentials occurs in a text (or the bytes of a file); names all that do. */
function expectNoForms(where: string, text: string | Buffer): void {
  const found = Object.entries(FORMS).filter(([, form]) => text.includes(form));
  expect(
    found.map(([name]) => name),
    `forms found in ${where}`,
  ).toEqual([]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Greps what the server wrote and what the LLM was sent. */
function expectNothingWritten(): void {
  expectNoForms('the LLM request bodies', JSON.stringify(llm.requests.map((r): unknown => r.body)));
  expectNoForms('the server log', server.logText());
  const files = filesUnder(dataDir);
  expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
  for (const file of files) expectNoForms(file, readFileSync(file));
}

describe('a platform that echoes the Authorization header', () => {
  it('leaks no form of the credentials through /call (data credentials, stored session)', async () => {
    const post = await postCall(server.url, 'ask_stream', {
      data: [QUESTION, LOGIN, PASSWORD, platform.url],
      session_hash: 'leak-probe-session',
    });
    expect(post.status).toBe(200);
    const eventId = (post.json as { event_id: string }).event_id;
    const stream = await readSse(`${server.url}/call/ask_stream/${eventId}`);
    const complete = stream.events.findLast((e) => e.event === 'complete');
    expect(complete, stream.raw).toBeDefined();
    const answer = (JSON.parse(complete!.data) as string[])[0]!;

    expectNoForms('the /call stream', stream.raw);
    expectNothingWritten();
    expectResultsReachedTheModel(answer);
  });

  it('leaks no form of the credentials through /api/runs (events, session read back)', async () => {
    const key = newClientKey();
    const { run_id, session_id } = await startRun(server.url, key, {
      question: QUESTION,
      credentials: { base_url: platform.url, username: LOGIN, password: PASSWORD },
    });
    const stream = await readSse(`${server.url}/api/runs/${run_id}/events`, { 'x-client-key': key });
    const end = stream.events
      .map((e) => JSON.parse(e.data) as { type: string })
      .findLast((e) => e.type === 'run-end');
    expect(end, stream.raw).toMatchObject({ status: 'completed' });
    const session = await api(server.url, key, 'GET', `/api/sessions/${session_id}`);
    expect(session.status).toBe(200);
    const sessionText = JSON.stringify(session.json);
    const answer = (session.json as { turns: { answer: string }[] }).turns.at(-1)!.answer;

    expectNoForms('the /api/runs stream', stream.raw);
    expectNoForms('the session read back', sessionText);
    expectNothingWritten();
    expectResultsReachedTheModel(answer);
    expect(sessionText).toContain('[redacted]');
  });

  it('leaves no form of the credentials in DATA_DIR after shutdown (WAL checkpointed into the database)', async () => {
    closed = true;
    await server.close();
    expectNothingWritten();
  });
});
