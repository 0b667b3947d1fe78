import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask, postCall, readCallStream } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';

type Msg = { role: string; content: unknown };
const contents = (request: { body: any }) =>
  (request.body.messages as Msg[])
    .filter((m) => m.role !== 'system')
    .map((m) => `${m.role}:${JSON.stringify(m.content)}`);

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
beforeEach(() => sim.reset());

describe('sessions', () => {
  it('with a session_hash, the agent sees earlier questions, answers and tool results', async () => {
    sim.script(
      { toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'Europe/Moscow' } }] },
      { text: 'Your name is noted, Alice.' },
    );
    await ask(server.url, ['My name is Alice'], { sessionHash: 'sess-recall' });
    sim.script({ text: 'You are Alice.' });
    const { final } = await ask(server.url, ['What is my name?'], { sessionHash: 'sess-recall' });
    expect(final.data).toEqual(['You are Alice.']);
    const seen = contents(sim.requests.at(-1)!);
    expect(seen[0]).toContain('My name is Alice');
    expect(seen.some((m) => m.startsWith('tool:') && m.includes('Europe/Moscow'))).toBe(true);
    expect(seen.some((m) => m.startsWith('assistant:') && m.includes('Your name is noted, Alice.'))).toBe(
      true,
    );
    expect(seen.at(-1)).toContain('What is my name?');
  });

  it('accepts data[4] as the session id, as the original did', async () => {
    await ask(server.url, ['first via data4', '', '', '', 'sess-data4']);
    await ask(server.url, ['second via data4', '', '', '', 'sess-data4']);
    expect(contents(sim.requests.at(-1)!).join('\n')).toContain('first via data4');
  });

  it('keeps different sessions apart, and requests without a session fresh', async () => {
    await ask(server.url, ['secret of A'], { sessionHash: 'iso-A' });
    await ask(server.url, ['question of B'], { sessionHash: 'iso-B' });
    expect(contents(sim.requests.at(-1)!).join('\n')).not.toContain('secret of A');
    await ask(server.url, ['no session one']);
    await ask(server.url, ['no session two']);
    expect(contents(sim.requests.at(-1)!)).toHaveLength(1);
  });

  it('runs two requests on one session one after the other, never interleaved', async () => {
    const concurrent = await startTestServer(simEnv(sim.url, { QUEUE_CONCURRENCY: '4' }));
    try {
      await waitReady(concurrent.url);
      sim.setHandler((req) => ({ text: ['answer ', 'to ', contents(req).at(-1)!], chunkDelayMs: 30 }));
      const p1 = await postCall(concurrent.url, 'ask_stream', { data: ['turn one'], session_hash: 'order' });
      const p2 = await postCall(concurrent.url, 'ask_stream', { data: ['turn two'], session_hash: 'order' });
      await Promise.all([
        readCallStream(concurrent.url, 'ask_stream', p1.json.event_id),
        readCallStream(concurrent.url, 'ask_stream', p2.json.event_id),
      ]);
      const [r1, r2] = [concurrent.runs.peek(p1.json.event_id)!, concurrent.runs.peek(p2.json.event_id)!];
      const end1 = r1.snapshot().at(-1)!.at;
      const start2 = r2.snapshot().find((e) => e.type === 'run-start')!.at;
      expect(start2).toBeGreaterThanOrEqual(end1);
      // And the second turn saw the whole first one.
      expect(contents(sim.requests.at(-1)!).join('\n')).toContain('turn one');
    } finally {
      await concurrent.close();
    }
  });

  it('summarises the oldest turns when the history would exceed the context window, and keeps the summary', async () => {
    const small = await startTestServer(
      simEnv(sim.url, { AGENT_CONTEXT_TOKENS: '180000', AGENT_MAX_OUTPUT_TOKENS: '1000' }),
    );
    try {
      await waitReady(small.url);
      // ~60k tokens an answer: two earlier turns fit the window (after the system prompt and the tools), three do not.
      sim.setHandler((request) =>
        isSummaryRequest(request) ? { text: 'SUMMARY-OF-TURN-ONE.' } : { text: ['y'.repeat(240_000)] },
      );
      for (const q of ['oldest question', 'middle question', 'recent question'])
        await ask(small.url, [q], { sessionHash: 'budget' });
      expect(sim.requests.some(isSummaryRequest)).toBe(false);
      const { frames } = await ask(small.url, ['newest question'], { sessionHash: 'budget' });
      expect(frames.at(-1)!.event).toBe('complete');

      // One summarising call, without tools, over the oldest turn only.
      const summaries = sim.requests.filter(isSummaryRequest);
      expect(summaries).toHaveLength(1);
      const summarised = JSON.stringify(summaries[0]!.body.messages);
      expect(summarised).toContain('oldest question');
      expect(summarised).not.toContain('middle question');
      // The agent's call: the summary before the question, the oldest turn itself no more.
      const last = sim.requests.at(-1)!;
      const text = contents(last).join('\n');
      expect(text).not.toContain('oldest question');
      expect(text).toContain('recent question');
      const question = (last.body.messages as Msg[]).at(-1)!.content as string;
      expect(question).toMatch(
        /^<earlier_conversation_summary>\nThe first 1 turn\(s\).+\nSUMMARY-OF-TURN-ONE.\n<\/earlier_conversation_summary>\n\n<current_date>/,
      );
      expect((last.body.messages as Msg[])[0]!.content).not.toMatch(/SUMMARY/);
      const id = scopedSessionId('gradio:open', 'budget');
      expect(await small.sessions.getHistorySummary(id)).toEqual({
        text: 'SUMMARY-OF-TURN-ONE.',
        turns: 1,
      });

      // The next turn reuses the summary (the three turns after it do not fit either: one more is summarised,
      // together with the summary so far).
      await ask(small.url, ['one more question'], { sessionHash: 'budget' });
      const again = sim.requests.filter(isSummaryRequest);
      expect(again).toHaveLength(2);
      expect(JSON.stringify(again[1]!.body.messages)).toContain('Earlier summary:\\nSUMMARY-OF-TURN-ONE.');
      expect((await small.sessions.getHistorySummary(id))?.turns).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('leaves the oldest turns out, and says so, when summarising them fails', async () => {
    const small = await startTestServer(
      simEnv(sim.url, { AGENT_CONTEXT_TOKENS: '180000', AGENT_MAX_OUTPUT_TOKENS: '1000' }),
    );
    try {
      await waitReady(small.url);
      sim.setHandler((request) =>
        isSummaryRequest(request)
          ? { error: { status: 400, message: 'no summaries today' } }
          : { text: ['y'.repeat(240_000)] },
      );
      for (const q of ['oldest question', 'middle question', 'recent question', 'newest question'])
        await ask(small.url, [q], { sessionHash: 'budget-fail' });
      expect(sim.requests.filter(isSummaryRequest)).toHaveLength(1);
      const last = sim.requests.at(-1)!;
      const text = contents(last).join('\n');
      expect(text).not.toContain('oldest question');
      expect(text).toContain('newest question');
      // Said with the question (the system prompt stays the same on every call, for prompt caches).
      const question = (last.body.messages as Msg[]).at(-1)!.content as string;
      expect(question).toMatch(
        /^<note>The 1 oldest turn\(s\) of this conversation were left out.+<\/note>\n\n<current_date>/,
      );
      expect(small.logText()).toMatch(/summarising the oldest turns failed/);
      expect(
        await small.sessions.getHistorySummary(scopedSessionId('gradio:open', 'budget-fail')),
      ).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});

describe('a summarising call that hangs', () => {
  it('is given up after LLM_TIMEOUT_S: the turn goes on with the oldest turns left out', async () => {
    const small = await startTestServer(
      simEnv(sim.url, {
        AGENT_CONTEXT_TOKENS: '180000',
        AGENT_MAX_OUTPUT_TOKENS: '1000',
        LLM_TIMEOUT_S: '1',
      }),
    );
    try {
      await waitReady(small.url);
      sim.setHandler((request) =>
        isSummaryRequest(request)
          ? { text: 'Too late.', firstChunkDelayMs: 30_000 }
          : { text: ['y'.repeat(240_000)] },
      );
      for (const q of ['oldest question', 'middle question', 'recent question'])
        await ask(small.url, [q], { sessionHash: 'budget-hang' });
      const { frames } = await ask(small.url, ['newest question'], { sessionHash: 'budget-hang' });
      expect(frames.at(-1)!.event).toBe('complete');
      const question = (sim.requests.at(-1)!.body.messages as Msg[]).at(-1)!.content as string;
      expect(question).toMatch(/^<note>The 1 oldest turn\(s\)/);
      expect(small.logText()).toMatch(/summarising the oldest turns failed/);
    } finally {
      await small.close();
    }
  });
});

/** The agent's summarising call: no tools, its own system prompt. */
function isSummaryRequest(request: { body: any }): boolean {
  const messages = request.body.messages as Msg[];
  return request.body.tools === undefined && String(messages[0]?.content).startsWith('You summarise');
}

describe('persistence', () => {
  it('keeps history across a restart (SQLite in DATA_DIR)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-persist-'));
    const env = simEnv(sim.url, { SESSION_STORE: 'sqlite', DATA_DIR: dataDir });
    const first = await startTestServer(env);
    await waitReady(first.url);
    await ask(first.url, ['remember the number 4217'], { sessionHash: 'persist' });
    await first.close();

    const second = await startTestServer(env);
    try {
      await waitReady(second.url);
      await ask(second.url, ['which number?'], { sessionHash: 'persist' });
      expect(contents(sim.requests.at(-1)!).join('\n')).toContain('remember the number 4217');
    } finally {
      await second.close();
    }
  });
});
