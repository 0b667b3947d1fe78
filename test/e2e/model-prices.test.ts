import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator, type SimReply } from '../sim/llm/llm-simulator.js';

/**
 * The cost of a turn for every provider: the provider's own figure when it sends one (OpenRouter `usage.cost`),
 * else the operator's price table (`MODEL_PRICES_FILE`), else the price the provider lists with its models.
 */
let sim: LlmSimulator;

beforeAll(async () => {
  sim = await startLlmSimulator({
    models: [
      { id: 'sim-model', context_length: 131_072 },
      // OpenRouter lists USD per token, as strings.
      {
        id: 'listed/model',
        pricing: { prompt: '0.000002', completion: '0.000008', input_cache_read: '0.0000005' },
      },
    ],
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function pricesFile(table: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cmw-prices-')), 'prices.json');
  writeFileSync(file, JSON.stringify(table));
  return file;
}

/** Runs one turn with the usage scripted and answers what the run and the stored turn say it cost. */
async function costOfTurn(env: Record<string, string>, usage: NonNullable<SimReply['usage']>) {
  const server = await startTestServer(env);
  try {
    await waitReady(server.url);
    sim.script({ text: 'Priced.', usage });
    const key = newClientKey();
    const { run_id, session_id } = await startRun(server.url, key, { question: 'How much?' });
    const { events } = await readEvents(server.url, key, run_id);
    const event = events.find((e) => e.data.type === 'usage')!.data;
    const session = await api(server.url, key, 'GET', `/api/sessions/${session_id}`);
    expect(session.json.turns[0].usage.costUsd).toBe(event.costUsd);
    return event.costUsd as number | undefined;
  } finally {
    await server.close();
  }
}

const USAGE = { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400 };
const openrouter = (model: string) => ({
  AGENT_PROVIDER: 'openrouter',
  OPENROUTER_API_KEY: 'sk-or-prices',
  OPENROUTER_BASE_URL: sim.url,
  AGENT_DEFAULT_MODEL: model,
});

describe('turn cost', () => {
  it('comes from MODEL_PRICES_FILE for a provider that reports none (cached input at its own price)', async () => {
    const file = pricesFile({ 'openai:sim-model': { input: 2, cached_input: 0.5, output: 8 } });
    // (600 × 2 + 400 × 0.5 + 100 × 8) / 1e6
    expect(await costOfTurn(simEnv(sim.url, { MODEL_PRICES_FILE: file }), USAGE)).toBeCloseTo(0.0022, 10);
  });

  it('is the provider’s own figure when it sends one, whatever the table says', async () => {
    const file = pricesFile({ 'sim-model': { input: 2, output: 8 } });
    const cost = await costOfTurn(
      { ...openrouter('sim-model'), MODEL_PRICES_FILE: file },
      { ...USAGE, cost: 0.0012 },
    );
    expect(cost).toBe(0.0012);
  });

  it('comes from the prices OpenRouter lists with its models when nothing else says', async () => {
    // (600 × 2 + 400 × 0.5 + 100 × 8) / 1e6, from USD per token × 1e6.
    expect(await costOfTurn(openrouter('listed/model'), USAGE)).toBeCloseTo(0.0022, 10);
  });

  it('is summed per conversation in GET /api/sessions/:id, with the tokens', async () => {
    const file = pricesFile({ 'openai:sim-model': { input: 2, cached_input: 0.5, output: 8 } });
    const server = await startTestServer(simEnv(sim.url, { MODEL_PRICES_FILE: file }));
    try {
      await waitReady(server.url);
      const key = newClientKey();
      sim.script(
        { text: 'One.', usage: USAGE },
        { text: 'Two.', usage: { prompt_tokens: 2000, completion_tokens: 10 } },
      );
      const first = await startRun(server.url, key, { question: 'First' });
      await readEvents(server.url, key, first.run_id);
      const second = await startRun(server.url, key, { question: 'Second', session_id: first.session_id });
      await readEvents(server.url, key, second.run_id);
      const session = await api(server.url, key, 'GET', `/api/sessions/${first.session_id}`);
      expect(session.json.usage).toMatchObject({
        inputTokens: 3000,
        outputTokens: 110,
        totalTokens: 3110,
        cachedInputTokens: 400,
      });
      // 0.0022 + (2000 × 2 + 10 × 8) / 1e6
      expect(session.json.usage.costUsd).toBeCloseTo(0.0022 + 0.00408, 10);
    } finally {
      await server.close();
    }
  });

  it('is unknown, not 0, without a price', async () => {
    expect(await costOfTurn(simEnv(sim.url), USAGE)).toBeUndefined();
  });

  it('a bad MODEL_PRICES_FILE stops the start with one line naming it', async () => {
    const file = pricesFile({ 'sim-model': { input: 'cheap', output: 1 } });
    await expect(startTestServer(simEnv(sim.url, { MODEL_PRICES_FILE: file }))).rejects.toThrow(
      /^MODEL_PRICES_FILE .+prices\.json: sim-model\.input: /,
    );
  });
});
