import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// The whole path: an HTTP request with (or without) platform credentials → a run → the agent → the tools → the
// platform simulator, with the LLM simulator playing the model.
const SERVER_PASSWORD = 'server-side-Secret-1';
const ANA_PASSWORD = 'ana-request-Secret-2';

let llm: LlmSimulator;
let platform: PlatformSimulator;
let server: TestServer;

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator({
    users: [
      { login: 'svc', password: SERVER_PASSWORD },
      { login: 'ana', password: ANA_PASSWORD },
    ],
  });
  server = await startTestServer(
    simEnv(llm.url, {
      STREAM_MAX_FPS: '1000',
      CMW_BASE_URL: platform.url,
      CMW_LOGIN: 'svc',
      CMW_PASSWORD: SERVER_PASSWORD,
    }),
  );
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await llm.close();
  await platform.close();
});
beforeEach(() => {
  llm.reset();
  platform.reset();
});

/** The tool results the model was sent, parsed. */
function toolResults(): any[] {
  return llm.requests.flatMap((r) =>
    (r.body.messages as { role: string; content: string }[])
      .filter((m) => m.role === 'tool')
      .map((m) => JSON.parse(m.content) as unknown),
  );
}

describe('the agent on the platform', () => {
  it('without credentials in the request, runs the tools with the server defaults', async () => {
    llm.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }] },
      { text: 'You have HR and Fleet.' },
    );
    const { final } = await ask(server.url, ['Какие есть приложения?']);
    expect(final).toMatchObject({ event: 'complete', data: ['You have HR and Fleet.'] });
    expect(platform.requests.map((r) => r.login)).toEqual(['svc']);
    expect(toolResults()).toEqual([
      expect.objectContaining({
        success: true,
        data: expect.arrayContaining([expect.objectContaining({ alias: 'HR' })]),
      }),
    ]);
  });

  it('with credentials in the request, uses them for that run only', async () => {
    llm.script(
      { toolCalls: [{ name: 'list_templates', arguments: { application_system_name: 'HR' } }] },
      { text: 'ok' },
    );
    await ask(server.url, ['templates?', 'ana', ANA_PASSWORD, '']);
    llm.script({ toolCalls: [{ name: 'list_applications', arguments: {} }] }, { text: 'ok' });
    await ask(server.url, ['apps?']);
    expect(platform.requests.map((r) => r.login)).toEqual(['ana', 'svc']);
  });

  it('a wrong password becomes a 401 tool result the model can explain; no password leaks anywhere', async () => {
    llm.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }] },
      { text: 'Check your password.' },
    );
    const { frames, final } = await ask(server.url, ['apps?', 'ana', 'wrong-Secret-3', '']);
    expect(final).toMatchObject({ event: 'complete', data: ['Check your password.'] });
    expect(toolResults()).toEqual([
      {
        success: false,
        status: 401,
        error: expect.stringMatching(/rejected the login or password \(HTTP 401\)/),
      },
    ]);
    const everything = [
      JSON.stringify(frames),
      JSON.stringify(llm.requests.map((r): unknown => r.body)),
      server.logText(),
    ].join('\n');
    for (const secret of ['wrong-Secret-3', SERVER_PASSWORD, ANA_PASSWORD])
      expect(everything).not.toContain(secret);
  });
});
