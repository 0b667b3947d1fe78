import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// Issue 13, part 2: the platform tools (and the copilot itself) over MCP at /mcp, driven by the SDK's own client.
const KEY = 'mcp-server-test-key-0123456789abcdef';
const OTHER_KEY = 'mcp-server-other-key-0123456789abcd';
const ANALYST_PASSWORD = 'analyst-pass-4471';
const AUDITOR_PASSWORD = 'auditor-pass-9023';
const SERVER_PASSWORD = 'server-own-pass-5518';

let llm: LlmSimulator;
let platform: PlatformSimulator;
let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator({
    strict: true,
    users: [
      { login: 'server', password: SERVER_PASSWORD },
      { login: 'analyst', password: ANALYST_PASSWORD },
      { login: 'auditor', password: AUDITOR_PASSWORD },
    ],
  });
  server = await startTestServer(
    simEnv(llm.url, {
      API_KEYS: `${KEY},${OTHER_KEY}`,
      CMW_BASE_URL: platform.url,
      CMW_LOGIN: 'server',
      CMW_PASSWORD: SERVER_PASSWORD,
    }),
  );
  await waitReady(server.url);
});

afterAll(async () => {
  await server.close();
  await platform.close();
  await llm.close();
});

beforeEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  llm.reset();
  platform.requests.length = 0;
});

/** An SDK client connected to /mcp with the key and these extra headers. */
async function connect(
  headers: Record<string, string> = {},
  options: { key?: string; elicitation?: boolean } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'mcp-server-test', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${options.key ?? KEY}`, ...headers } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const text = (result: unknown) =>
  ((result as CallToolResult).content as { type: string; text?: string }[])
    .map((c) => c.text ?? '')
    .join('\n');

/** A raw JSON-RPC POST to `/mcp` with the key, as an MCP client sends one (for what the SDK's client would not send). */
function postMcp(headers: Record<string, string>, body: object): Promise<Response> {
  return fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}
describe('the MCP server at /mcp', () => {
  it('lists the platform and utility tools with titles, annotations and the agent’s own schemas, and ask_copilot', async () => {
    const client = await connect();
    expect(client.getServerVersion()?.name).toBe('cmw-platform-agent');
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('list_applications')).toMatchObject({
      title: 'List applications',
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
      inputSchema: { type: 'object' },
    });
    expect(byName.get('delete_attribute')!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(byName.get('edit_or_create_text_attribute')!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    expect(byName.get('delete_attribute')!.inputSchema.required).toEqual(
      expect.arrayContaining(['application_system_name', 'template_system_name', 'system_name']),
    );
    expect(byName.has('add')).toBe(true);
    expect(byName.has('ask_copilot')).toBe(true);
    // The file tools read files uploaded into a conversation of this server; an MCP client cannot fill one.
    expect(byName.has('read_text_based_file')).toBe(false);
    expect(byName.has('load_tools')).toBe(false);
  });

  it('calls a read tool against the platform with the server’s credentials; bad arguments are a tool error', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'list_applications', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('HR');
    expect(platform.requests.every((r) => r.login === 'server')).toBe(true);
    expect(platform.requests.length).toBeGreaterThan(0);
    expect(await server.metrics.render()).toMatch(
      /cmw_platform_request_duration_seconds_count\{[^}]*\} [1-9]/,
    );

    const bad = await client.callTool({ name: 'list_templates', arguments: { application_system_name: 42 } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/application_system_name must be a string/);

    const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    expect(text(sum)).toContain('42');
  });

  it('refuses a request without the key, and another key cannot use the session', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await response.json()) as { jsonrpc: string; error: { data: { code: string } } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { data: { code: 'INVALID_API_KEY' } } });
    await expect(connect({}, { key: 'wrong-key-0123456789abcdef0123' })).rejects.toThrow(/401|API key/);

    const client = await connect();
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const stolen = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${OTHER_KEY}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'list_applications' },
      }),
    });
    expect(stolen.status).toBe(404);
    expect(platform.requests).toHaveLength(0);
  });

  it('keeps two concurrent sessions with different platform credentials apart, and never logs a password', async () => {
    const [analyst, auditor] = await Promise.all([
      connect({
        'x-cmw-base-url': platform.url,
        'x-cmw-login': 'analyst',
        'x-cmw-password': ANALYST_PASSWORD,
      }),
      connect({
        'x-cmw-base-url': platform.url,
        'x-cmw-login': 'auditor',
        'x-cmw-password': AUDITOR_PASSWORD,
      }),
    ]);
    await Promise.all(
      Array.from({ length: 3 }, () => [
        analyst.callTool({ name: 'list_templates', arguments: { application_system_name: 'HR' } }),
        auditor.callTool({ name: 'list_templates', arguments: { application_system_name: 'HR' } }),
      ]).flat(),
    );
    const logins = platform.requests.map((r) => r.login);
    expect(logins.filter((l) => l === 'analyst').length).toBeGreaterThanOrEqual(3);
    expect(logins.filter((l) => l === 'auditor').length).toBeGreaterThanOrEqual(3);
    expect(logins.every((l) => l === 'analyst' || l === 'auditor')).toBe(true);
    const log = server.logText();
    for (const secret of [ANALYST_PASSWORD, AUDITOR_PASSWORD, SERVER_PASSWORD])
      expect(log).not.toContain(secret);
  });

  it('refuses platform headers the URL policy refuses, and a password sent without a login', async () => {
    await expect(
      connect({ 'x-cmw-base-url': 'http://169.254.169.254/', 'x-cmw-login': 'a', 'x-cmw-password': 'b' }),
    ).rejects.toThrow(/X-CMW/);
    await expect(connect({ 'x-cmw-password': 'lonely-password-1' })).rejects.toThrow(/X-CMW/);
    expect(server.logText()).not.toContain('lonely-password-1');
  });

  it('a destructive call with a client that can ask the person: denied, it never reaches the platform; approved, once', async () => {
    const answers = [
      { action: 'accept', content: { approve: false, reason: 'keep the data' } },
      { action: 'accept', content: { approve: true } },
    ];
    const asked: string[] = [];
    const client = await connect({}, { elicitation: true });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return answers.shift() as never;
    });
    const input = { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Phone' };
    const denied = await client.callTool({ name: 'delete_attribute', arguments: input });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toContain('declined this action: keep the data');
    expect(platform.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    expect(asked[0]).toContain('Delete attribute');
    expect(asked[0]).toContain('"system_name":"Phone"');

    const approved = await client.callTool({ name: 'delete_attribute', arguments: input });
    expect(approved.isError).toBeFalsy();
    expect(platform.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('ask_copilot runs the agent with progress notifications, and the session keeps the conversation', async () => {
    llm.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }] },
      { text: 'There are two applications: HR and Fleet.' },
      { text: 'You asked about applications.' },
    );
    const client = await connect();
    const progress: string[] = [];
    const first = await client.callTool(
      { name: 'ask_copilot', arguments: { question: 'Which applications are there?' } },
      undefined,
      {
        onprogress: (p) => progress.push(p.message ?? ''),
      },
    );
    expect(first.isError).toBeFalsy();
    expect(text(first)).toBe('There are two applications: HR and Fleet.');
    expect(first.structuredContent).toMatchObject({ answer: 'There are two applications: HR and Fleet.' });
    expect(progress).toContain('Calling list_applications.');
    expect(platform.requests.some((r) => r.login === 'server')).toBe(true);

    const second = await client.callTool({ name: 'ask_copilot', arguments: { question: 'What did I ask?' } });
    expect(text(second)).toBe('You asked about applications.');
    // The second turn's request carries the first turn's question: the MCP session is the conversation.
    const messages = JSON.stringify(llm.requests.at(-1)!.body.messages);
    expect(messages).toContain('Which applications are there?');
  });

  it('ask_copilot holds a destructive call for a "yes" in the same conversation, then runs exactly it', async () => {
    const input = { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Phone' };
    llm.script(
      { toolCalls: [{ name: 'delete_attribute', arguments: input }] },
      { text: 'Delete attribute Phone of Employees? Reply yes to confirm.' },
      { text: 'Deleted.' },
    );
    const client = await connect();
    const asked = await client.callTool({
      name: 'ask_copilot',
      arguments: { question: 'Delete the Phone attribute of Employees in HR', session_id: 'cleanup-1' },
    });
    expect(text(asked)).toContain('Reply yes');
    expect(platform.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    const done = await client.callTool({
      name: 'ask_copilot',
      arguments: { question: 'yes', session_id: 'cleanup-1' },
    });
    expect(done.structuredContent).toMatchObject({ answer: 'Deleted.', session_id: 'cleanup-1' });
    expect(platform.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('a destructive call from a client without elicitation runs: the host confirms it by destructiveHint', async () => {
    const client = await connect();
    platform.reset();
    const input = { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Phone' };
    const result = await client.callTool({ name: 'delete_attribute', arguments: input });
    expect(result.isError).toBeFalsy();
    expect(platform.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('cancelling an ask_copilot request cancels its run', async () => {
    llm.script({ text: 'A long answer that is streamed slowly. '.repeat(20), chunkDelayMs: 100 });
    const client = await connect();
    const controller = new AbortController();
    let progressed: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (progressed = resolve));
    const call = client.callTool(
      { name: 'ask_copilot', arguments: { question: 'Tell me a lot' } },
      undefined,
      {
        signal: controller.signal,
        onprogress: (p) => {
          if (p.message?.includes('A long answer')) progressed();
        },
      },
    );
    await started;
    controller.abort('the person pressed stop');
    await expect(call).rejects.toThrow();
    // The run ends as cancelled (the stream would have run for 4 s more).
    await expect
      .poll(() => server.metrics.render(), { timeout: 3000 })
      .toMatch(/cmw_runs_ended_total\{[^}]*api="mcp"[^}]*status="cancelled"[^}]*\} 1/);
  });

  it('ends a session on DELETE, and refuses other platform headers than the session began with', async () => {
    const headers = {
      'x-cmw-base-url': platform.url,
      'x-cmw-login': 'analyst',
      'x-cmw-password': ANALYST_PASSWORD,
    };
    const client = await connect(headers);
    const transport = client.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId!;
    const call = (extra: Record<string, string>) =>
      postMcp(
        { 'mcp-session-id': sessionId, ...extra },
        { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'list_applications', arguments: {} } },
      );
    const switched = await call({ ...headers, 'x-cmw-login': 'auditor', 'x-cmw-password': AUDITOR_PASSWORD });
    expect(switched.status).toBe(400);
    expect(await switched.json()).toMatchObject({ error: { data: { code: 'INVALID_PARAMS' } } });
    expect(platform.requests).toHaveLength(0);

    await transport.terminateSession();
    const ended = await call(headers);
    expect(ended.status).toBe(404);
    expect(platform.requests).toHaveLength(0);
  });

  it('answers JSON-RPC errors for a request without a session and for an unknown session', async () => {
    const post = (headers: Record<string, string>) =>
      postMcp(headers, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const none = await post({});
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ jsonrpc: '2.0', error: { data: { code: 'INVALID_PARAMS' } } });
    const unknown = await post({ 'mcp-session-id': 'no-such-session' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { code: -32001, data: { code: 'UNKNOWN_SESSION' } },
    });
  });
});
