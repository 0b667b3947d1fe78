import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask } from '../helpers/call-client.js';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator, type SimRequest } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// AGENT_APPROVAL: a destructive tool call waits for the person; nothing reaches the platform before they approve.
let llm: LlmSimulator;
let platform: PlatformSimulator;
let server: TestServer;

const DELETE_PHONE = {
  name: 'delete_attribute',
  arguments: { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Phone' },
};

const deletes = () => platform.requests.filter((r) => r.method === 'DELETE');

/** The tool results the model was sent in a request, as their text. */
const toolText = (request: SimRequest) =>
  (request.body.messages as { role: string; content: unknown }[])
    .filter((m) => m.role === 'tool')
    .map((m) => String(m.content))
    .join('\n');

/** The server's environment: the LLM simulator, and the platform simulator as its default platform. */
const agentEnv = (extra: Record<string, string> = {}) =>
  simEnv(llm.url, {
    CMW_BASE_URL: platform.url,
    CMW_LOGIN: 'analyst',
    CMW_PASSWORD: 'pw-approvals-1',
    ...extra,
  });

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator({ users: [{ login: 'analyst', password: 'pw-approvals-1' }] });
  server = await startTestServer(agentEnv());
  await waitReady(server.url);
});

afterAll(async () => {
  await server.close();
  await platform.close();
  await llm.close();
});

beforeEach(() => {
  llm.reset();
  platform.reset();
});

/** Starts a run that deletes an attribute, and reads until the approval request; returns it. */
async function heldRun(key: string, s: TestServer = server) {
  llm.script({ toolCalls: [DELETE_PHONE] }, { text: 'Done.' });
  const run = await startRun(s.url, key, { question: 'Delete the Phone attribute of Employees' });
  const first = await readEvents(s.url, key, run.run_id, {
    stopAfter: (e) => e.data.type === 'tool-approval-request',
  });
  const request = first.events.at(-1)!;
  expect(request.data).toMatchObject({
    type: 'tool-approval-request',
    toolName: 'delete_attribute',
    input: DELETE_PHONE.arguments,
  });
  return {
    run,
    request: request.data as WireData & { approvalId: string; toolCallId: string },
    id: request.id!,
  };
}

describe('a destructive call on the native API', () => {
  it('waits for the person, and runs once approved; a second decision is 409, another key’s is 404', async () => {
    const key = newClientKey();
    const { run, request, id } = await heldRun(key);
    // Held: nothing reached the platform, and the run waits (it has not ended).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deletes()).toHaveLength(0);
    expect(llm.requests).toHaveLength(1);

    const path = `/api/runs/${run.run_id}/approvals/${request.approvalId}`;
    const stranger = await api(server.url, newClientKey(), 'POST', path, { approved: true });
    expect(stranger.status).toBe(404);
    expect(stranger.json.error.code).toBe('UNKNOWN_APPROVAL');
    const bad = await api(server.url, key, 'POST', path, { approved: 'yes' });
    expect(bad.status).toBe(400);

    const decided = await api(server.url, key, 'POST', path, { approved: true });
    expect(decided).toEqual({ status: 200, json: { approval_id: request.approvalId, approved: true } });
    // The reader comes back where it left off (Last-Event-ID) and sees the rest.
    const rest = (await readEvents(server.url, key, run.run_id, { lastEventId: id })).events.map(
      (e) => e.data,
    );
    expect(rest[0]).toMatchObject({ type: 'tool-approval-end', approved: true, by: 'person' });
    expect(rest.find((e) => e.type === 'tool-call-end')).toMatchObject({
      toolName: 'delete_attribute',
      isError: false,
    });
    expect(rest.at(-1)).toMatchObject({ type: 'run-end', status: 'completed', text: 'Done.' });
    expect(deletes()).toHaveLength(1);
    expect(toolText(llm.requests[1]!)).toContain('"success":true');

    const again = await api(server.url, key, 'POST', path, { approved: false });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('APPROVAL_DECIDED');
  });

  it('denied: the call is not run and the model is told, with the reason', async () => {
    const key = newClientKey();
    const { run, request } = await heldRun(key);
    const path = `/api/runs/${run.run_id}/approvals/${request.approvalId}`;
    await api(server.url, key, 'POST', path, { approved: false, reason: 'we still use it' });
    const events = (await readEvents(server.url, key, run.run_id)).events.map((e) => e.data);
    expect(events.find((e) => e.type === 'tool-approval-end')).toMatchObject({
      approved: false,
      reason: 'we still use it',
      by: 'person',
    });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    expect(deletes()).toHaveLength(0);
    expect(toolText(llm.requests[1]!)).toMatch(/declined.*we still use it/);
  });

  it('a cancel while held ends the wait: nothing runs, and the call is not kept without its result', async () => {
    const key = newClientKey();
    const { run, request } = await heldRun(key);
    expect((await api(server.url, key, 'POST', `/api/runs/${run.run_id}/cancel`)).status).toBe(202);
    const events = (await readEvents(server.url, key, run.run_id)).events.map((e) => e.data);
    expect(events.find((e) => e.type === 'tool-approval-end')).toMatchObject({
      approved: false,
      by: 'cancel',
    });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'cancelled' });
    expect(deletes()).toHaveLength(0);

    // The next turn of the conversation sends the held call with its result (not run), never a call without one,
    // which a provider would reject.
    llm.reset();
    llm.script({ text: 'Nothing was deleted.' });
    const next = await startRun(server.url, key, { question: 'What happened?', session_id: run.session_id });
    await readEvents(server.url, key, next.run_id);
    const messages = llm.requests[0]!.body.messages as {
      role: string;
      content: unknown;
      tool_calls?: { id: string }[];
      tool_call_id?: string;
    }[];
    const calls = messages.flatMap((m) => m.tool_calls?.map((c) => c.id) ?? []);
    const results = messages.flatMap((m) => (m.role === 'tool' ? [m.tool_call_id] : []));
    expect(calls).toEqual([request.toolCallId]);
    expect(results).toEqual(calls);
    expect(String(messages.find((m) => m.role === 'tool')!.content)).toMatch(/not|declin|cancel/i);
  });
});

describe('no decision in time', () => {
  it('counts as a denial after APPROVAL_TIMEOUT_S; the wait does not count against LLM_TIMEOUT_S', async () => {
    const quick = await startTestServer(agentEnv({ APPROVAL_TIMEOUT_S: '1', LLM_TIMEOUT_S: '0.6' }));
    try {
      await waitReady(quick.url);
      const key = newClientKey();
      const { run } = await heldRun(key, quick);
      const events = (await readEvents(quick.url, key, run.run_id)).events.map((e) => e.data);
      expect(events.find((e) => e.type === 'tool-approval-end')).toMatchObject({
        approved: false,
        by: 'timeout',
      });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed', text: 'Done.' });
      expect(deletes()).toHaveLength(0);
    } finally {
      await quick.close();
    }
  });
});

describe('surfaces without a way to ask during the run', () => {
  it('/call: the destructive call is not run, and the model is told to ask for confirmation', async () => {
    llm.script(
      { toolCalls: [DELETE_PHONE] },
      { text: 'Delete the Phone attribute of Employees? Reply yes.' },
    );
    const { final } = await ask(server.url, ['Delete the Phone attribute of Employees']);
    expect(final.event).toBe('complete');
    expect(deletes()).toHaveLength(0);
    expect(toolText(llm.requests[1]!)).toMatch(/needs_confirmation.*reply \\"yes\\"/);
  });

  it('the next turn that confirms runs exactly the held call, and only it; any other answer drops it', async () => {
    const session = `confirm-${Date.now()}`;
    const turn = (question: string) => ask(server.url, [question], { sessionHash: session });
    const archivePhone = {
      name: 'archive_or_unarchive_attribute',
      arguments: { ...DELETE_PHONE.arguments, operation: 'archive' },
    };

    llm.script(
      { toolCalls: [DELETE_PHONE] },
      { text: 'Delete the attribute Phone of Employees? Reply yes.' },
    );
    await turn('Delete the Phone attribute of Employees');
    expect(deletes()).toHaveLength(0);

    // "Yes": the server runs the held call itself before the model answers; the model sees its result. A
    // destructive call the model makes on its own in that turn is held again, not run.
    llm.script({ toolCalls: [archivePhone] }, { text: 'Deleted.' });
    const { final } = await turn('Yes, delete it');
    expect(final.event).toBe('complete');
    expect(deletes()).toHaveLength(1);
    expect(toolText(llm.requests[2]!)).toMatch(/"success":true.*"deleted":"Phone"/s);
    expect(toolText(llm.requests[3]!)).toMatch(/needs_confirmation/);
    const changes = () => platform.requests.filter((r) => r.method !== 'GET').length;
    const changesAfterYes = changes();

    // The archive call is now the held one; "no" drops it, and a later "yes" runs nothing.
    llm.script({ text: 'All right, I will not.' }, { text: 'Nothing is waiting.' });
    await turn('No, leave it');
    await turn('yes');
    // Nothing more reached the platform: not the archive, not the delete again.
    expect(changes()).toBe(changesAfterYes);
    expect(deletes()).toHaveLength(1);
  });

  it('AGENT_APPROVAL=none runs it at once', async () => {
    const open = await startTestServer(agentEnv({ AGENT_APPROVAL: 'none' }));
    try {
      await waitReady(open.url);
      llm.script({ toolCalls: [DELETE_PHONE] }, { text: 'Deleted.' });
      await ask(open.url, ['Delete the Phone attribute of Employees']);
      expect(deletes()).toHaveLength(1);
    } finally {
      await open.close();
    }
  });
});
