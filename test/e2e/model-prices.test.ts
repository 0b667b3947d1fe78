import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator, type SimReply } from '../sim/llm/llm-simulator.js';

/**
 * The cost of a turn for every provider, with its currency: the provider's own figure when it sends one
 * (OpenRouter's `usage.cost` in US dollars, Polza's `usage.cost_rub` in roubles), else the operator's price table
 * (`MODEL_PRICES_FILE`, in the currency of its entry), else the price the provider lists with its models; summed
 * per conversation and per server (`/metrics`) without ever adding roubles to dollars.
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

/** Asks one question on `server` (in `session_id` when given) and answers the run's usage event. */
async function ask(server: TestServer, key: string, question: string, sessionId?: string) {
  const { run_id, session_id } = await startRun(server.url, key, {
    question,
    ...(sessionId ? { session_id: sessionId } : {}),
  });
  const { events } = await readEvents(server.url, key, run_id);
  return { session_id, usage: events.find((e) => e.data.type === 'usage')!.data, events };
}

/** Runs one turn with the usage scripted and answers its usage event, checking the stored turn says the same. */
async function costOfTurn(env: Record<string, string>, usage: NonNullable<SimReply['usage']>) {
  const server = await startTestServer(env);
  try {
    await waitReady(server.url);
    sim.script({ text: 'Priced.', usage });
    const key = newClientKey();
    const { usage: event, session_id } = await ask(server, key, 'How much?');
    const session = await api(server.url, key, 'GET', `/api/sessions/${session_id}`);
    const stored = session.json.turns[0].usage;
    for (const field of ['cost', 'currency', 'costs', 'costUsd']) expect(stored[field]).toEqual(event[field]);
    return event;
  } finally {
    await server.close();
  }
}

/** The value of a sample of `/metrics`, 0 when absent. */
async function metric(server: TestServer, sample: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

const costFields = (event: WireData) => ({
  cost: event.cost,
  currency: event.currency,
  costs: event.costs,
  costUsd: event.costUsd,
});

const USAGE = { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400 };
const openrouter = (model: string) => ({
  AGENT_PROVIDER: 'openrouter',
  OPENROUTER_API_KEY: 'sk-or-prices',
  OPENROUTER_BASE_URL: sim.url,
  AGENT_DEFAULT_MODEL: model,
});

describe('turn cost', () => {
  it('comes from MODEL_PRICES_FILE for a provider that reports none (cached input at its own price), in USD by default', async () => {
    const file = pricesFile({ 'openai:sim-model': { input: 2, cached_input: 0.5, output: 8 } });
    const event = await costOfTurn(simEnv(sim.url, { MODEL_PRICES_FILE: file }), USAGE);
    // (600 × 2 + 400 × 0.5 + 100 × 8) / 1e6
    expect(event.cost).toBeCloseTo(0.0022, 10);
    expect(event.currency).toBe('USD');
    expect(event.costUsd).toBe(event.cost);
  });

  it('is in the currency the price table names, and then has no costUsd', async () => {
    const file = pricesFile({ 'openai:sim-model': { input: 200, output: 800, currency: 'RUB' } });
    const event = await costOfTurn(simEnv(sim.url, { MODEL_PRICES_FILE: file }), USAGE);
    // (1000 × 200 + 100 × 800) / 1e6 roubles
    expect(event.cost).toBeCloseTo(0.28, 10);
    expect(event.currency).toBe('RUB');
    expect(event).not.toHaveProperty('costUsd');
  });

  it('is the provider’s own figure when it sends one, whatever the table says: OpenRouter’s dollars', async () => {
    const file = pricesFile({ 'sim-model': { input: 2, output: 8, currency: 'RUB' } });
    const event = await costOfTurn(
      { ...openrouter('sim-model'), MODEL_PRICES_FILE: file },
      { ...USAGE, cost: 0.0012 },
    );
    expect(costFields(event)).toEqual({ cost: 0.0012, currency: 'USD', costs: undefined, costUsd: 0.0012 });
  });

  it('is the provider’s own figure when it sends one: Polza’s usage.cost_rub, in roubles', async () => {
    const file = pricesFile({ 'sim-model': { input: 2, output: 8 } });
    const event = await costOfTurn(simEnv(sim.url, { MODEL_PRICES_FILE: file }), {
      ...USAGE,
      cost_rub: 0.0384,
    });
    expect(costFields(event)).toEqual({
      cost: 0.0384,
      currency: 'RUB',
      costs: undefined,
      costUsd: undefined,
    });
  });

  it('comes from the prices OpenRouter lists with its models when nothing else says', async () => {
    // (600 × 2 + 400 × 0.5 + 100 × 8) / 1e6, from USD per token × 1e6.
    const event = await costOfTurn(openrouter('listed/model'), USAGE);
    expect(event.cost).toBeCloseTo(0.0022, 10);
    expect(event.currency).toBe('USD');
  });

  it('comes from MODEL_PRICES_FILE over the prices the provider lists: the operator’s table wins', async () => {
    const file = pricesFile({ 'openrouter:listed/model': { input: 1, output: 1, currency: 'EUR' } });
    const event = await costOfTurn({ ...openrouter('listed/model'), MODEL_PRICES_FILE: file }, USAGE);
    // (1000 + 100) × 1 / 1e6 euros, not the listed 0.0022 dollars.
    expect(event.cost).toBeCloseTo(0.0011, 10);
    expect(event.currency).toBe('EUR');
  });

  it('is unknown, not 0, without a price', async () => {
    const event = await costOfTurn(simEnv(sim.url), USAGE);
    for (const field of ['cost', 'currency', 'costs', 'costUsd']) expect(event).not.toHaveProperty(field);
  });

  it('is summed per conversation in GET /api/sessions/:id, with the tokens, and per server in /metrics', async () => {
    const file = pricesFile({ 'openai:sim-model': { input: 2, cached_input: 0.5, output: 8 } });
    const server = await startTestServer(simEnv(sim.url, { MODEL_PRICES_FILE: file }));
    try {
      await waitReady(server.url);
      const before = await metric(server, 'cmw_llm_cost_total{currency="USD"}');
      const key = newClientKey();
      sim.script(
        { text: 'One.', usage: USAGE },
        { text: 'Two.', usage: { prompt_tokens: 2000, completion_tokens: 10 } },
      );
      const first = await ask(server, key, 'First');
      await ask(server, key, 'Second', first.session_id);
      const session = await api(server.url, key, 'GET', `/api/sessions/${first.session_id}`);
      expect(session.json.usage).toMatchObject({
        inputTokens: 3000,
        outputTokens: 110,
        totalTokens: 3110,
        cachedInputTokens: 400,
        currency: 'USD',
      });
      // 0.0022 + (2000 × 2 + 10 × 8) / 1e6
      expect(session.json.usage.cost).toBeCloseTo(0.0022 + 0.00408, 10);
      expect(session.json.usage.costUsd).toBe(session.json.usage.cost);
      expect((await metric(server, 'cmw_llm_cost_total{currency="USD"}')) - before).toBeCloseTo(0.00628, 10);
      expect(await metric(server, 'cmw_llm_cost_usd_total')).toBeCloseTo(0.00628, 10);
    } finally {
      await server.close();
    }
  });

  it('never adds roubles to dollars: a conversation billed in both has costs by currency, and so has /metrics', async () => {
    // OpenRouter's own figure for the first turn (USD); the table's roubles for the second, which has none.
    const file = pricesFile({ 'openrouter:sim-model': { input: 100, output: 100, currency: 'RUB' } });
    const server = await startTestServer({ ...openrouter('sim-model'), MODEL_PRICES_FILE: file });
    try {
      await waitReady(server.url);
      const key = newClientKey();
      sim.script(
        { text: 'Dollars.', usage: { prompt_tokens: 1000, completion_tokens: 0, cost: 0.5 } },
        { text: 'Roubles.', usage: { prompt_tokens: 1000, completion_tokens: 0 } },
      );
      const first = await ask(server, key, 'First');
      const second = await ask(server, key, 'Second', first.session_id);
      expect(costFields(first.usage)).toEqual({ cost: 0.5, currency: 'USD', costs: undefined, costUsd: 0.5 });
      expect(costFields(second.usage)).toEqual({
        cost: 0.1,
        currency: 'RUB',
        costs: undefined,
        costUsd: undefined,
      });
      const session = await api(server.url, key, 'GET', `/api/sessions/${first.session_id}`);
      expect(costFields(session.json.usage)).toEqual({
        cost: undefined,
        currency: undefined,
        costs: { USD: 0.5, RUB: 0.1 },
        costUsd: 0.5,
      });
      expect(await metric(server, 'cmw_llm_cost_total{currency="RUB"}')).toBeCloseTo(0.1, 10);
      expect(await metric(server, 'cmw_llm_cost_total{currency="USD"}')).toBe(0.5);
      expect(await metric(server, 'cmw_llm_cost_usd_total')).toBe(0.5);
    } finally {
      await server.close();
    }
  });

  it('a bad MODEL_PRICES_FILE stops the start with one line naming it', async () => {
    const bad: [unknown, RegExp][] = [
      [
        { 'sim-model': { input: 'cheap', output: 1 } },
        /^MODEL_PRICES_FILE .+prices\.json: sim-model\.input: /,
      ],
      [
        { 'sim-model': { input: 1, output: 1, currency: 'roubles' } },
        /^MODEL_PRICES_FILE .+prices\.json: sim-model\.currency: must be an ISO 4217 code/,
      ],
    ];
    for (const [table, message] of bad)
      await expect(
        startTestServer(simEnv(sim.url, { MODEL_PRICES_FILE: pricesFile(table) })),
      ).rejects.toThrow(message);
    await expect(
      startTestServer(simEnv(sim.url, { MODEL_PRICES_FILE: '/nonexistent/prices.json' })),
    ).rejects.toThrow(/^MODEL_PRICES_FILE \/nonexistent\/prices\.json: ENOENT\.$/);
  });
});
