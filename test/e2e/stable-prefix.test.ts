import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

/**
 * Provider prompt caches hit only on a byte-identical prefix: the system message and the tools must not change
 * between calls, turns or conversations, and a conversation's next request must begin with its last one.
 */
let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { DEFAULT_TIMEZONE: 'Europe/Moscow' }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});
beforeEach(() => sim.reset());

async function ask(key: string, question: string, sessionId?: string) {
  const run = await startRun(server.url, key, { question, ...(sessionId ? { session_id: sessionId } : {}) });
  const { events } = await readEvents(server.url, key, run.run_id);
  expect(events.at(-1)?.data).toMatchObject({ type: 'run-end', status: 'completed' });
  return run;
}

type Message = { role: string; content: unknown };
const bodyOf = (i: number) => sim.requests[i]!.body as { messages: Message[]; tools: unknown[] };

describe('a cache-friendly prompt prefix', () => {
  it('sends the same system message and tools on every call, whatever the conversation or the time', async () => {
    await ask(newClientKey(), 'List the applications.');
    await new Promise((r) => setTimeout(r, 1100));
    await ask(newClientKey(), 'Какие шаблоны есть?');
    await ask(newClientKey(), 'And the forms?');
    const bodies = sim.requests.map((_r, i) => bodyOf(i));
    expect(bodies.length).toBe(3);
    const system = JSON.stringify(bodies[0]!.messages[0]);
    const tools = JSON.stringify(bodies[0]!.tools);
    expect(bodies[0]!.messages[0]!.role).toBe('system');
    expect(system).not.toMatch(/20\d\d-\d\d-\d\dT/);
    for (const body of bodies) {
      expect(JSON.stringify(body.messages[0])).toBe(system);
      expect(JSON.stringify(body.tools)).toBe(tools);
    }
  });

  it('puts the date and time with the user’s message, and a conversation’s next request extends its last one', async () => {
    const key = newClientKey();
    const { session_id } = await ask(key, 'What day is it?');
    await ask(key, 'And tomorrow?', session_id);
    const [one, two] = [bodyOf(0), bodyOf(1)];
    const question = one.messages.at(-1)!;
    expect(question.role).toBe('user');
    expect(String(question.content)).toMatch(
      /^<current_date>.+ \(Europe\/Moscow\); ISO 20\d\d-\d\d-\d\dT[\d:.]+Z<\/current_date>\n\nWhat day is it\?$/,
    );
    // Byte for byte, the second request begins with everything the first one sent.
    expect(JSON.stringify(two.messages.slice(0, one.messages.length))).toBe(JSON.stringify(one.messages));
    expect(String(two.messages.at(-1)!.content)).toMatch(/^<current_date>.+\n\nAnd tomorrow\?$/);
  });
});

describe('explicit prompt caching', () => {
  const systemOf = (i: number) => (sim.requests[i]!.body as { messages: Message[] }).messages[0]!;

  it('marks the system message for Anthropic models through OpenRouter, and for no other', async () => {
    for (const [model, marked] of [
      ['anthropic/claude-sonnet-4.5', true],
      ['qwen/qwen3-coder', false],
    ] as const) {
      sim.reset();
      const s = await startTestServer({
        AGENT_PROVIDER: 'openrouter',
        OPENROUTER_API_KEY: 'sk-or-cache-test',
        OPENROUTER_BASE_URL: sim.url,
        AGENT_DEFAULT_MODEL: model,
      });
      try {
        await waitReady(s.url);
        const key = newClientKey();
        const run = await startRun(s.url, key, { question: 'Hello' });
        await readEvents(s.url, key, run.run_id);
        const system = systemOf(0);
        expect(system.role).toBe('system');
        if (marked) {
          expect(system.content).toEqual([
            { type: 'text', text: expect.stringMatching(/Comindware/), cache_control: { type: 'ephemeral' } },
          ]);
        } else {
          expect(JSON.stringify(system)).not.toContain('cache_control');
        }
      } finally {
        await s.close();
      }
    }
  });
});
