import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator, type SimRequest } from '../sim/llm/llm-simulator.js';

// Seven providers at once, each behind its own simulator with its own key: the AI SDK's own packages for Gemini
// (Gemini's wire protocol), Groq and Mistral, OpenRouter's, the OpenAI-compatible one for Polza and Hugging Face,
// and GigaChat (its OAuth tokens and its function calling). A run picks any of them by `provider:model`.
const PROVIDERS = {
  openrouter: { model: 'qwen/qwen3.6-plus', key: 'sk-or-test-1' },
  gemini: { model: 'gemini-2.5-flash', key: 'gm-test-2' },
  groq: { model: 'llama-3.3-70b-versatile', key: 'gsk-test-3' },
  mistral: { model: 'mistral-large-latest', key: 'ms-test-4' },
  polza: { model: 'z-ai/glm-5.1', key: 'pz-test-5' },
  huggingface: { model: 'Qwen/Qwen2.5-Coder-32B-Instruct', key: 'hf-test-6' },
  gigachat: { model: 'GigaChat-2-Max', key: 'Z2lnYWNoYXQtY2xpZW50OnNlY3JldA==' },
} as const;
type Provider = keyof typeof PROVIDERS;

const sims = {} as Record<Provider, LlmSimulator>;
let server: TestServer;

beforeAll(async () => {
  for (const [provider, { model, key }] of Object.entries(PROVIDERS))
    sims[provider as Provider] = await startLlmSimulator({
      apiKey: key,
      models: [{ id: model, context_length: 200_000 }],
      // As the real ones do: usage on the last chunk whether asked for or not.
      finishUsage: provider === 'groq' ? 'x_groq' : provider === 'mistral' ? 'usage' : 'none',
      wire: provider === 'gigachat' ? 'gigachat' : 'openai',
    });
  const origin = (sim: LlmSimulator) => sim.url.replace(/\/v1$/, '');
  server = await startTestServer({
    AGENT_DEFAULT_MODEL: `openrouter:${PROVIDERS.openrouter.model}`,
    OPENROUTER_API_KEY: PROVIDERS.openrouter.key,
    OPENROUTER_BASE_URL: sims.openrouter.url,
    GEMINI_KEY: PROVIDERS.gemini.key,
    GEMINI_BASE_URL: `${origin(sims.gemini)}/v1beta`,
    GROQ_API_KEY: PROVIDERS.groq.key,
    GROQ_BASE_URL: sims.groq.url,
    MISTRAL_API_KEY: PROVIDERS.mistral.key,
    MISTRAL_BASE_URL: sims.mistral.url,
    POLZA_API_KEY: PROVIDERS.polza.key,
    POLZA_BASE_URL: sims.polza.url,
    HUGGINGFACE_API_KEY: PROVIDERS.huggingface.key,
    HUGGINGFACE_BASE_URL: sims.huggingface.url,
    GIGACHAT_API_KEY: PROVIDERS.gigachat.key,
    GIGACHAT_BASE_URL: `${origin(sims.gigachat)}/api/v1`,
    GIGACHAT_AUTH_URL: `${origin(sims.gigachat)}/api/v2/oauth`,
    GIGACHAT_SCOPE: 'GIGACHAT_API_B2B',
  });
  await waitReady(server.url);
});

afterAll(async () => {
  await server?.close();
  await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

beforeEach(() => {
  for (const sim of Object.values(sims)) sim.reset();
});

const ref = (provider: Provider) => `${provider}:${PROVIDERS[provider].model}`;

/** Waits until every provider has listed its models (discovery runs in the background, one per provider). */
async function offeredRefs(): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const config = await api(server.url, null, 'GET', '/api/config');
    const ids = (config.json.models as { id: string }[]).map((m) => m.id);
    if (ids.length === Object.keys(PROVIDERS).length) return ids;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('not every provider listed its models');
}

describe('several providers at once', () => {
  it('/api/config lists every configured provider’s models as provider:model, the default first', async () => {
    const ids = await offeredRefs();
    expect(ids[0]).toBe(ref('openrouter'));
    expect([...ids].sort()).toEqual(
      Object.keys(PROVIDERS)
        .map((p) => ref(p as Provider))
        .sort(),
    );
    const config = await api(server.url, null, 'GET', '/api/config');
    expect(config.json).toMatchObject({
      provider: 'openrouter',
      model: PROVIDERS.openrouter.model,
      default_model: ref('openrouter'),
      client_llm_keys: false,
    });
    expect(config.json.models).toContainEqual({
      id: ref('gemini'),
      provider: 'gemini',
      name: 'gemini-2.5-flash',
      context_tokens: 200_000,
    });
  });

  it.each(Object.keys(PROVIDERS) as Provider[])(
    'a run on %s: its simulator gets the calls with its key, a tool call and its result go back, the answer streams',
    async (provider) => {
      await offeredRefs();
      const sim = sims[provider];
      sim.script(
        { toolCalls: [{ name: 'get_current_datetime', arguments: {} }] },
        { text: `Answer from ${provider}.` },
      );
      const key = newClientKey();
      const run = await startRun(server.url, key, { question: 'What time is it?', model: ref(provider) });
      const { events } = await readEvents(server.url, key, run.run_id);
      const data = events.map((e) => e.data);
      expect(data.find((e) => e.type === 'run-start')).toMatchObject({
        model: PROVIDERS[provider].model,
        provider,
      });
      const end = data.find((e) => e.type === 'tool-call-end') as WireData & { output: unknown };
      expect(end).toMatchObject({ toolName: 'get_current_datetime', isError: false });
      expect(data.at(-1)).toMatchObject({
        type: 'run-end',
        status: 'completed',
        text: `Answer from ${provider}.`,
      });
      const usage = data.find((e) => e.type === 'usage') as WireData & { inputTokens: number };
      expect(usage.inputTokens).toBeGreaterThan(0);

      // Only this provider's simulator was called, twice, and the second call carried the tool's result.
      for (const [other, otherSim] of Object.entries(sims))
        expect(otherSim.requests.length, other).toBe(other === provider ? 2 : 0);
      const [first, second] = sim.requests as [SimRequest, SimRequest];
      expect(first.body.model).toBe(PROVIDERS[provider].model);
      expect(first.wire).toBe(provider === 'gemini' || provider === 'gigachat' ? provider : 'openai');
      // GigaChat's key is exchanged for an access token (the simulator accepts only tokens it issued).
      if (provider !== 'gigachat') {
        const sentKey =
          provider === 'gemini'
            ? first.headers['x-goog-api-key']
            : String(first.headers.authorization).slice(7);
        expect(sentKey).toBe(PROVIDERS[provider].key);
      } else {
        // GigaChat's own function calling went over the wire: `functions`, and the result as a `function` message.
        const wire = second.wireBody as { functions: unknown[]; messages: { role: string; name?: string }[] };
        expect(wire.functions.length).toBeGreaterThan(0);
        expect(wire.messages).toContainEqual(
          expect.objectContaining({ role: 'function', name: 'get_current_datetime' }),
        );
      }
      const toolMessage = (second.body.messages as { role: string; content: unknown }[]).find(
        (m) => m.role === 'tool',
      );
      expect(JSON.stringify(toolMessage?.content)).toContain(new Date().getUTCFullYear().toString());
      const tools = (first.body.tools as { function: { name: string } }[]).map((t) => t.function.name);
      expect(tools).toContain('get_current_datetime');
    },
  );

  it('a bare model id is the default provider’s; a provider that is not configured is a 404', async () => {
    await offeredRefs();
    const key = newClientKey();
    const bare = await startRun(server.url, key, { question: 'hi', model: PROVIDERS.openrouter.model });
    await readEvents(server.url, key, bare.run_id);
    expect(sims.openrouter.requests).toHaveLength(1);
    for (const model of ['openai:gpt-4o', 'gemini:gemini-9-ultra', 'mistral']) {
      const refused = await api(server.url, key, 'POST', '/api/runs', { question: 'hi', model });
      expect(refused.status, model).toBe(404);
      expect(refused.json.error.code).toBe('MODEL_NOT_FOUND');
    }
  });

  it('the OpenAI endpoint lists every model and answers from the one its `model` names', async () => {
    await offeredRefs();
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const listed = (await client.models.list()).data.map((m) => [m.id, m.owned_by]);
    expect(listed[0]).toEqual([PROVIDERS.openrouter.model, 'openrouter']);
    expect(listed).toContainEqual([ref('mistral'), 'mistral']);
    sims.mistral.script({ text: 'Bonjour.' });
    const completion = await client.chat.completions.create({
      model: ref('mistral'),
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(completion.model).toBe(ref('mistral'));
    expect(completion.choices[0]!.message.content).toBe('Bonjour.');
    expect(sims.mistral.requests).toHaveLength(1);
    expect(sims.openrouter.requests).toHaveLength(0);
  });
});

describe('GigaChat with a wrong authorization key', () => {
  it('fails the run with LLM_AUTH_FAILED naming the variable to check, without the key', async () => {
    const sim = sims.gigachat;
    const origin = sim.url.replace(/\/v1$/, '');
    const wrong = await startTestServer({
      AGENT_PROVIDER: 'gigachat',
      GIGACHAT_API_KEY: 'bm90LXRoZS1rZXk=',
      GIGACHAT_BASE_URL: `${origin}/api/v1`,
      GIGACHAT_AUTH_URL: `${origin}/api/v2/oauth`,
    });
    try {
      await waitReady(wrong.url);
      const key = newClientKey();
      const run = await startRun(wrong.url, key, { question: 'hi' });
      const data = (await readEvents(wrong.url, key, run.run_id)).events.map((e) => e.data);
      const error = data.find((e) => e.type === 'error')!;
      expect(error).toMatchObject({ code: 'LLM_AUTH_FAILED' });
      expect(String(error.message)).toMatch(/HTTP 401.*GIGACHAT_API_KEY/);
      expect(JSON.stringify(data) + wrong.logText()).not.toContain('bm90LXRoZS1rZXk=');
      expect(sim.requests).toHaveLength(0);
    } finally {
      await wrong.close();
    }
  });
});
