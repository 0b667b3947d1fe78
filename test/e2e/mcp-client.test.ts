import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator, type SimRequest } from '../sim/llm/llm-simulator.js';
import { startMcpTestServer, type McpTestServer } from '../sim/mcp/start-mcp-test-server.js';

// MCP_SERVERS: the tools of an external MCP server, under its name, held for approval by their annotations.
let llm: LlmSimulator;
let external: McpTestServer;
let server: TestServer;

beforeAll(async () => {
  llm = await startLlmSimulator();
  external = await startMcpTestServer();
  server = await startTestServer(
    simEnv(llm.url, {
      MCP_SERVERS: JSON.stringify([
        { name: 'hr', url: external.url, headers: { 'x-directory-token': 'tok-123' } },
      ]),
    }),
  );
  await waitReady(server.url);
});

afterAll(async () => {
  await server.close();
  await external.close();
  await llm.close();
});

beforeEach(() => {
  llm.reset();
  external.calls.length = 0;
});

const offeredTools = (request: SimRequest) =>
  ((request.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name);

async function run(toolCall: { name: string; arguments: Record<string, unknown> }, decide?: boolean) {
  llm.script({ toolCalls: [toolCall] }, { text: 'Done.' });
  const key = newClientKey();
  const { run_id } = await startRun(server.url, key, { question: 'Use the directory' });
  if (decide !== undefined) {
    const held = await readEvents(server.url, key, run_id, {
      stopAfter: (e) => e.data.type === 'tool-approval-request',
    });
    const approvalId = String(held.events.at(-1)!.data.approvalId);
    expect(external.calls).toHaveLength(0);
    await api(server.url, key, 'POST', `/api/runs/${run_id}/approvals/${approvalId}`, { approved: decide });
  }
  return (await readEvents(server.url, key, run_id)).events.map((e) => e.data);
}

describe('tools of an external MCP server', () => {
  it('are offered under the server’s name, and a read-only one runs at once with the configured headers', async () => {
    const events = await run({ name: 'hr__lookup_employee', arguments: { name: 'Ivanov' } });
    expect(offeredTools(llm.requests[0]!)).toEqual(
      expect.arrayContaining(['hr__lookup_employee', 'hr__purge_records', 'hr__count_items']),
    );
    expect(events.some((e) => e.type === 'tool-approval-request')).toBe(false);
    const end = events.find((e) => e.type === 'tool-call-end') as WireData & { output: unknown };
    expect(JSON.stringify(end.output)).toContain('Ivanov: engineer, room 42');
    expect(external.calls).toEqual([
      expect.objectContaining({ name: 'lookup_employee', args: { name: 'Ivanov' } }),
    ]);
    expect(external.calls[0]!.headers['x-directory-token']).toBe('tok-123');
    expect(server.logText()).not.toContain('tok-123');
  });

  it('a destructive one is held: denied, it never reaches the server; approved, it does, exactly once', async () => {
    const denied = await run({ name: 'hr__purge_records', arguments: { template: 'Employees' } }, false);
    expect(denied.find((e) => e.type === 'tool-approval-end')).toMatchObject({ approved: false });
    expect(external.calls).toHaveLength(0);

    const approved = await run({ name: 'hr__purge_records', arguments: { template: 'Employees' } }, true);
    expect(approved.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    expect(external.calls).toEqual([
      expect.objectContaining({ name: 'purge_records', args: { template: 'Employees' } }),
    ]);
  });

  it('a tool without annotations is held as destructive, as the MCP defaults say', async () => {
    await run({ name: 'hr__count_items', arguments: { of: 'cars' } }, false);
    expect(external.calls).toHaveLength(0);
  });
});

describe('an MCP server that cannot be reached', () => {
  it('leaves its tools out and the agent works on', async () => {
    const lone = await startTestServer(
      simEnv(llm.url, { MCP_SERVERS: JSON.stringify([{ name: 'gone', url: 'http://127.0.0.1:9/mcp' }]) }),
    );
    try {
      await waitReady(lone.url);
      llm.script({ text: 'Still here.' });
      const key = newClientKey();
      const { run_id } = await startRun(lone.url, key, { question: 'hi' });
      const events = (await readEvents(lone.url, key, run_id)).events.map((e) => e.data);
      expect(events.at(-1)).toMatchObject({ status: 'completed', text: 'Still here.' });
      expect(offeredTools(llm.requests[0]!).some((n) => n.startsWith('gone__'))).toBe(false);
      expect(lone.logText()).toMatch(/could not reach the MCP server/);
    } finally {
      await lone.close();
    }
  });

  it('MCP_SERVERS that is not a list of servers stops the start with one line', async () => {
    await expect(startTestServer(simEnv(llm.url, { MCP_SERVERS: '[{"name": "x"}]' }))).rejects.toThrow(
      /MCP_SERVERS/,
    );
  });
});
