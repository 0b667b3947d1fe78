import OpenAI, { APIError } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { scopedSessionId } from '../../src/http/auth/caller-scope.js';
import { userWords } from '../helpers/user-words.js';

const LLM_KEY = 'sk-test-secret-key-123';
type Msg = { role: string; content: unknown };
/** The conversation the LLM was sent, without the agent's own system prompt. */
const conversation = (request: { body: any }) =>
  (request.body.messages as Msg[])
    .filter((m) => m.role !== 'system')
    .map(
      (m) => `${m.role}:${typeof m.content === 'string' ? userWords(m.content) : JSON.stringify(m.content)}`,
    );

let sim: LlmSimulator;
let server: TestServer;
let client: OpenAI;
const extra: TestServer[] = [];

async function serve(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(simEnv(sim.url, env));
  extra.push(s);
  await waitReady(s.url);
  return s;
}

const sdk = (url: string, options: { apiKey?: string; prefix?: string } = {}) =>
  new OpenAI({
    baseURL: `${url}${options.prefix ?? '/v1'}`,
    apiKey: options.apiKey ?? 'unused',
    maxRetries: 0,
  });

async function thrown(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

async function poll(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url));
  await waitReady(server.url);
  client = sdk(server.url);
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
  sim.reset();
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

describe('chat completions through the official openai SDK', () => {
  it('answers without streaming: a chat.completion with the model echoed and usage', async () => {
    sim.script({ text: 'Hello from the agent', usage: { prompt_tokens: 120, completion_tokens: 5 } });
    const completion = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('sim-model');
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: 'Hello from the agent',
    });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 120, completion_tokens: 5, total_tokens: 125 });
  });

  for (const prefix of ['/v1', '/api/v1']) {
    it(`streams deltas under one id, role first, finish_reason, usage, [DONE] (${prefix})`, async () => {
      sim.script({ text: ['Hello', ', wor', 'ld!'], chunkDelayMs: 10 });
      const stream = await sdk(server.url, { prefix }).chat.completions.create({
        model: 'openai/sim-model',
        messages: [{ role: 'user', content: 'Greet me' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(chunks[0]!.id).toMatch(/^chatcmpl-/);
      expect(new Set(chunks.map((c) => c.created)).size).toBe(1);
      expect(
        chunks.every((c) => c.model === 'openai/sim-model' && c.object === 'chat.completion.chunk'),
      ).toBe(true);
      expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
      expect(chunks.slice(1).some((c) => c.choices[0]?.delta.role !== undefined)).toBe(false);
      const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
      expect(text).toBe('Hello, world!');
      // Deltas, not the answer so far.
      expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
      const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
      expect(finish.map((c) => c.choices[0]!.finish_reason)).toEqual(['stop']);
      const last = chunks.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage?.total_tokens).toBeGreaterThan(0);
    });
  }

  it('sends no usage chunk unless stream_options.include_usage asks for it', async () => {
    sim.script({ text: 'plain' });
    const stream = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it("works with the SDK's stream helper and finalChatCompletion()", async () => {
    sim.script({ text: ['Step one. ', 'Done.'] });
    const runner = client.chat.completions.stream({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'go' }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('Step one. Done.');
  });

  it('joins the prose of several agent steps exactly as the non-streamed answer does', async () => {
    const question = 'What time is it?';
    const script = () =>
      sim.script(
        {
          text: ['Let me check.  \n'],
          toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'UTC' } }],
        },
        { text: ['\n  It is ', 'noon.'] },
      );
    script();
    const whole = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: question }],
    });
    script();
    const stream = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: question }],
      stream: true,
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(whole.choices[0]!.message.content).toBe('Let me check.\n\nIt is noon.');
    expect(streamed).toBe(whole.choices[0]!.message.content);
  });

  it('says finish_reason "length" when the agent ran out of steps', async () => {
    const s = await serve({ AGENT_MAX_STEPS: '1' });
    sim.script({ toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'UTC' } }] });
    const completion = await sdk(s.url).chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'loop forever' }],
    });
    expect(completion.choices[0]!.finish_reason).toBe('length');
  });
});

describe('conversations', () => {
  it('without a session, the messages array is the history the LLM sees; nothing is stored', async () => {
    const sessionsBefore = await server.sessions.countSessions();
    sim.script({ text: 'You are Alice.' });
    const completion = await client.chat.completions.create({
      model: 'sim-model',
      messages: [
        { role: 'system', content: 'Always answer in French.' },
        { role: 'user', content: 'My name is Alice' },
        { role: 'assistant', content: 'Nice to meet you, Alice.' },
        { role: 'user', content: [{ type: 'text', text: 'What is my name?' }] },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('You are Alice.');
    expect(conversation(sim.requests.at(-1)!)).toEqual([
      'user:My name is Alice',
      'assistant:Nice to meet you, Alice.',
      'user:What is my name?',
    ]);
    // The client's system messages do not replace or join the agent's own system prompt.
    expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).not.toContain('French');
    expect(await server.sessions.countSessions()).toBe(sessionsBefore);
  });

  it('with metadata.session_id, the server remembers and the earlier messages of the array are ignored', async () => {
    const session = { session_id: 'sdk-session-4217' };
    await client.chat.completions.create({
      model: 'sim-model',
      metadata: session,
      messages: [{ role: 'user', content: 'Remember the number 4217' }],
    });
    sim.script({ text: 'It was 4217.' });
    const second = await client.chat.completions.create({
      model: 'sim-model',
      metadata: session,
      messages: [
        { role: 'user', content: 'FAKE-EARLIER-QUESTION' },
        { role: 'assistant', content: 'FAKE-EARLIER-ANSWER' },
        { role: 'user', content: 'Which number?' },
      ],
    });
    expect(second.choices[0]!.message.content).toBe('It was 4217.');
    const seen = conversation(sim.requests.at(-1)!);
    expect(seen[0]).toBe('user:Remember the number 4217');
    expect(seen.at(-1)).toBe('user:Which number?');
    expect(seen.join('\n')).not.toContain('FAKE-EARLIER');
    const turns = await server.sessions.getTurns(scopedSessionId('openai:open', 'sdk-session-4217'));
    expect(turns.map((t) => t.question)).toEqual(['Remember the number 4217', 'Which number?']);
  });

  it('takes the session and platform credentials from cmw_extra_body in a system message, as the original', async () => {
    const carrier = JSON.stringify({
      cmw_extra_body: {
        session_id: 'carrier-session',
        cmw_base_url: 'https://platform.example.com',
        cmw_login: 'analyst',
        cmw_password: 'hunter2-platform-secret',
      },
    });
    for (const question of ['first question', 'second question'])
      await client.chat.completions.create({
        model: 'sim-model',
        messages: [
          { role: 'system', content: carrier },
          { role: 'user', content: question },
        ],
      });
    expect(conversation(sim.requests.at(-1)!)[0]).toBe('user:first question');
    expect(JSON.stringify(sim.requests)).not.toContain('hunter2-platform-secret');
    expect(JSON.stringify(sim.requests)).not.toContain('cmw_extra_body');
    expect(await server.sessions.getTurns(scopedSessionId('openai:open', 'carrier-session'))).toHaveLength(2);
    expect(server.logText()).not.toContain('hunter2-platform-secret');
  });

  it('accepts cmw_extra_body at the top level too (what extra_body= sends from Python)', async () => {
    const body = {
      model: 'sim-model',
      messages: [{ role: 'user', content: 'top-level extra body' }],
      cmw_extra_body: { session_id: 'top-level-session' },
    } as ChatCompletionCreateParamsNonStreaming;
    await client.chat.completions.create(body);
    expect(await server.sessions.getTurns(scopedSessionId('openai:open', 'top-level-session'))).toHaveLength(
      1,
    );
  });
});

describe('errors are OpenAI error objects with the right status', () => {
  it('an LLM failure: the SDK throws APIError with the status of the code, a clear message, no key', async () => {
    sim.script({ error: { status: 401, message: `invalid key ${LLM_KEY}` } });
    const error = await thrown(
      client.chat.completions.create({ model: 'sim-model', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBe('llm_auth_failed');
    expect(error.type).toBe('server_error');
    expect(error.message).toMatch(/rejected the credentials \(HTTP 401\).*OPENAI_API_KEY/);
    expect(error.message).not.toContain(LLM_KEY);
    expect(error.headers?.get('x-should-retry')).toBe('false');
  });

  it('an LLM failure before any content of a stream is an HTTP error too, never 200 with error text', async () => {
    sim.script({ error: { status: 500, message: 'upstream exploded' } });
    const error = await thrown(
      client.chat.completions.create({
        model: 'sim-model',
        messages: [{ role: 'user', content: 'q' }],
        stream: true,
      }),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBe('llm_unavailable');
    expect(error.message).toMatch(/failed with HTTP 500/);
  });

  it('an LLM failure after the stream started arrives as an error chunk the SDK throws', async () => {
    sim.script({ text: ['partial ', 'answer ', 'never ends'], chunkDelayMs: 30, streamErrorAfterChunks: 1 });
    const stream = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
    });
    let text = '';
    const error = await thrown(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(text).toBe('partial');
    expect(error.status).toBeUndefined();
    expect(error.code).toMatch(/^llm_/);
    expect(error.message).toMatch(/LLM provider/);
  });

  it('a queue timeout is a 504 queue_timeout, streamed or not, and the running request is undisturbed', async () => {
    const s = await serve({ QUEUE_TIMEOUT_S: '0.3' });
    const c = sdk(s.url);
    sim.script({ text: 'slow answer', firstChunkDelayMs: 1200 });
    const first = c.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: '1' }],
    });
    await poll(() => s.runs.stats.running === 1);
    for (const stream of [false, true]) {
      const error = await thrown(
        c.chat.completions.create({ model: 'sim-model', messages: [{ role: 'user', content: '2' }], stream }),
      );
      expect(error.status).toBe(504);
      expect(error.code).toBe('queue_timeout');
      expect(error.message).toMatch(/Request timeout/);
    }
    expect((await first).choices[0]!.message.content).toBe('slow answer');
  });

  it('a full queue is a 503 queue_full', async () => {
    const s = await serve({ QUEUE_MAX_SIZE: '0' });
    const c = sdk(s.url);
    sim.script({ text: 'busy', firstChunkDelayMs: 500 });
    const first = c.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: '1' }],
    });
    await poll(() => s.runs.stats.running === 1);
    const error = await thrown(
      c.chat.completions.create({ model: 'sim-model', messages: [{ role: 'user', content: '2' }] }),
    );
    expect(error.status).toBe(503);
    expect(error.code).toBe('queue_full');
    await first;
  });

  it('an unknown model is a 404 model_not_found naming the served one', async () => {
    const error = await thrown(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toMatch(/"gpt-4o".*"sim-model"/);
  });

  it.each([
    [{}, 'messages', /messages is required/],
    [{ messages: 'hello' }, 'messages', /messages must be an array/],
    [{ messages: [] }, 'messages', /messages must not be empty/],
    [{ messages: [{ role: 'system', content: 'x' }] }, 'messages', /no user message/],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', /must be one of/],
    [{ messages: [{ role: 'user', content: 42 }] }, 'messages[0].content', /string or an array/],
    [{ messages: [{ role: 'user', content: '  ' }] }, 'messages[0].content', /has no text/],
    [{ messages: [{ role: 'user', content: 'q' }], stream: 'yes' }, 'stream', /stream must be a boolean/],
    [{ messages: [{ role: 'user', content: 'q' }], model: 7 }, 'model', /model must be a string/],
    [
      {
        messages: [
          { role: 'system', content: '{"cmw_extra_body": "x"}' },
          { role: 'user', content: 'q' },
        ],
      },
      'messages[0].content',
      /cmw_extra_body must be a JSON object/,
    ],
    [
      { messages: [{ role: 'user', content: 'q' }], cmw_extra_body: { cmw_login: 5 } },
      'cmw_extra_body',
      /cmw_extra_body\.cmw_login must be a string/,
    ],
    [
      { messages: [{ role: 'user', content: 'q' }], response_format: { type: 'json_object' } },
      'response_format',
      /not supported/,
    ],
  ])('400 for a bad body %j', async (body, param, message) => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: Record<string, unknown> };
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_body', param });
    expect(json.error.message).toMatch(message);
  });

  it('400 invalid_json for a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"messages": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_json', param: null } });
  });
});

describe('models', () => {
  it('lists the served model in OpenAI shape, and retrieves it by either name', async () => {
    const page = await client.models.list();
    expect(page.data).toEqual([
      { id: 'sim-model', object: 'model', created: expect.any(Number), owned_by: 'openai' },
    ]);
    expect((await client.models.retrieve('sim-model')).id).toBe('sim-model');
    expect((await client.models.retrieve('openai/sim-model')).id).toBe('openai/sim-model');
    const error = await thrown(client.models.retrieve('gpt-4o'));
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
  });

  it('serves the list under /api/v1 too, and an unknown /v1 route is an OpenAI 404', async () => {
    const page = await sdk(server.url, { prefix: '/api/v1' }).models.list();
    expect(page.data.map((m) => m.id)).toEqual(['sim-model']);
    const response = await fetch(`${server.url}/v1/embeddings`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', type: 'invalid_request_error' },
    });
  });
});
