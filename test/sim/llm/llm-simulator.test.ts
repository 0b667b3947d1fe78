import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import { createParser } from 'eventsource-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultSimReply, startLlmSimulator, type LlmSimulator, type SimReply } from './llm-simulator.js';

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: string;
  function: { name?: string; arguments?: string };
}

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string; tool_calls?: ToolCallDelta[] };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost?: number } | null;
}

interface Completion {
  id: string;
  object: string;
  model: string;
  choices: {
    message: {
      role: string;
      content: string | null;
      tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
    };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

interface ErrorBody {
  error: { message: string; type: string; param: null; code: string | null };
}

let sim: LlmSimulator;

beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

function chat(
  body: unknown,
  init: { url?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  return fetch(init.url ?? `${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

function userTurn(content: unknown, extra: Record<string, unknown> = {}) {
  return { model: 'sim-model', messages: [{ role: 'user', content }], ...extra };
}

/** All SSE `data` payloads of a response, parsed with eventsource-parser. */
async function sseData(response: Response): Promise<string[]> {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  parser.feed(await response.text());
  return data;
}

function bodyReader(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  return (response.body as ReadableStream<Uint8Array>).getReader();
}

function parseChunks(data: string[]): Chunk[] {
  return data.filter((item) => item !== '[DONE]').map((item) => JSON.parse(item) as Chunk);
}

function contentOf(chunks: Chunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('wire protocol over fetch', () => {
  it('lists models on every base path', async () => {
    for (const path of ['/v1/models', '/models', '/api/v1/models']) {
      const response = await fetch(`http://127.0.0.1:${sim.port}${path}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { object: string; data: unknown[] };
      expect(body.object).toBe('list');
      expect(body.data).toEqual([
        {
          id: 'sim-model',
          object: 'model',
          created: expect.any(Number),
          owned_by: 'sim',
          context_length: 131072,
        },
      ]);
    }
  });

  it('answers a non-streaming request with an echo chat.completion and estimated usage', async () => {
    const response = await chat(userTurn('Hello there, simulator!'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as Completion;
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('sim-model');
    expect(body.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Echo: Hello there, simulator!',
    });
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.usage).toEqual({ prompt_tokens: 6, completion_tokens: 8, total_tokens: 14 });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ stream: false, body: { model: 'sim-model' } });
  });

  it('echoes array user content and accepts the /v1 and /api/v1 chat paths', async () => {
    const content = [
      { type: 'text', text: 'first part' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
      { type: 'text', text: 'second part' },
    ];
    for (const path of ['/v1/chat/completions', '/api/v1/chat/completions']) {
      const response = await chat(userTurn(content), { url: `http://127.0.0.1:${sim.port}${path}` });
      const body = (await response.json()) as Completion;
      expect(body.choices[0]?.message.content).toBe('Echo: first part\nsecond part');
    }
  });

  it('streams exactly like OpenAI: role chunk, content chunks, finish chunk, usage chunk, [DONE]', async () => {
    const response = await chat(
      userTurn('Stream me please', { stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const data = await sseData(response);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = parseChunks(data);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
    expect(
      chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'sim-model'),
    ).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    // 'Echo: Stream me please' is 22 characters: 8 + 8 + 6.
    const pieces = chunks.slice(1, -2).map((chunk) => chunk.choices[0]?.delta.content);
    expect(pieces).toEqual(['Echo: St', 'ream me ', 'please']);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
    expect(sim.requests[0]?.stream).toBe(true);
  });

  it('omits the usage chunk unless stream_options.include_usage is set', async () => {
    const chunks = parseChunks(await sseData(await chat(userTurn('hi', { stream: true }))));
    expect(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams tool calls as OpenAI does: header chunk with id and name, then argument fragments', async () => {
    sim.script({
      text: 'Checking.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris', units: 'metric' } },
        { name: 'get_time', arguments: '{}' },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 22, cost: 0.0005 },
    });
    const chunks = parseChunks(
      await sseData(
        await chat(userTurn('weather?', { stream: true, stream_options: { include_usage: true } })),
      ),
    );
    expect(contentOf(chunks)).toBe('Checking.');
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_a',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const firstArgs = deltas.filter((delta) => delta.index === 0).map((delta) => delta.function.arguments);
    expect(firstArgs.length).toBeGreaterThan(2);
    expect(JSON.parse(firstArgs.join(''))).toEqual({ city: 'Paris', units: 'metric' });
    const second = deltas.filter((delta) => delta.index === 1);
    expect(second[0]).toMatchObject({ index: 1, id: expect.stringMatching(/^call_/), type: 'function' });
    expect(second[0]?.function.name).toBe('get_time');
    expect(second.map((delta) => delta.function.arguments).join('')).toBe('{}');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 11,
      completion_tokens: 22,
      total_tokens: 33,
      cost: 0.0005,
    });
  });

  it('reports cached prompt tokens and Polza’s rouble cost in the usage, streaming or not, as the wire has them', async () => {
    const usage = { prompt_tokens: 3000, completion_tokens: 20, cached_tokens: 2048, cost_rub: 0.0384 };
    const wire = {
      prompt_tokens: 3000,
      completion_tokens: 20,
      total_tokens: 3020,
      prompt_tokens_details: { cached_tokens: 2048 },
      cost_rub: 0.0384,
    };
    sim.script({ text: 'Cached.', usage }, { text: 'Cached.', usage });
    const streamed = parseChunks(
      await sseData(await chat(userTurn('Hi', { stream: true, stream_options: { include_usage: true } }))),
    );
    expect(streamed.at(-1)?.usage).toEqual(wire);
    const whole = (await (await chat(userTurn('Hi'))).json()) as Completion;
    expect(whole.usage).toEqual(wire);
  });

  it('returns tool calls without streaming with content null', async () => {
    sim.script({ toolCalls: [{ id: 'call_x', name: 'lookup', arguments: { q: 'x' } }] });
    const body = (await (await chat(userTurn('look it up'))).json()) as Completion;
    expect(body.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    });
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('sends an array text chunk by chunk and honours finishReason', async () => {
    sim.script({ text: ['Hel', 'lo', ' world'], finishReason: 'length' });
    const chunks = parseChunks(await sseData(await chat(userTurn('x', { stream: true }))));
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      'Hel',
      'lo',
      ' world',
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });

  it('answers tool results with a history-aware default', async () => {
    const body = {
      model: 'sim-model',
      messages: [
        { role: 'user', content: 'two tools [[sim:{"toolCalls":[{"name":"a","arguments":{}}]}]]' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'a', arguments: '{}' } },
            { id: 'c2', type: 'function', function: { name: 'b', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'result one' },
        { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'result two' }] },
      ],
    };
    const completion = (await (await chat(body)).json()) as Completion;
    expect(completion.choices[0]?.message.content).toBe('Tool results: result one | result two');
  });

  it('uses the script queue first (FIFO), then the handler, then the default', async () => {
    sim.script({ text: 'first' }, { text: 'second' });
    sim.setHandler((request, index) => ({
      text: `handled #${index} (${request.stream ? 'stream' : 'json'})`,
    }));
    const texts: (string | null | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const body = (await (await chat(userTurn(`q${i}`))).json()) as Completion;
      texts.push(body.choices[0]?.message.content);
    }
    expect(texts).toEqual(['first', 'second', 'handled #2 (json)']);
    sim.setHandler(undefined);
    const body = (await (await chat(userTurn('q3'))).json()) as Completion;
    expect(body.choices[0]?.message.content).toBe('Echo: q3');
    expect(
      sim.requests.map(
        (request) => (request.body as { messages: { content: string }[] }).messages[0]?.content,
      ),
    ).toEqual(['q0', 'q1', 'q2', 'q3']);
    sim.script({ text: 'never used' });
    sim.reset();
    expect(sim.requests).toHaveLength(0);
    const after = (await (await chat(userTurn('q4'))).json()) as Completion;
    expect(after.choices[0]?.message.content).toBe('Echo: q4');
  });

  it('reports a handler failure as a 500 error object', async () => {
    sim.setHandler(() => {
      throw new Error('handler exploded');
    });
    const response = await chat(userTurn('x'));
    expect(response.status).toBe(500);
    expect(((await response.json()) as ErrorBody).error.message).toContain('handler exploded');
  });

  it('obeys in-band [[sim:…]] directives in the last user message', async () => {
    const toolTurn = (await (
      await chat(
        userTurn(
          'time? [[sim:{"toolCalls":[{"name":"get_current_datetime","arguments":{}}],"usage":{"prompt_tokens":1,"completion_tokens":2}}]]',
        ),
      )
    ).json()) as Completion;
    expect(toolTurn.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'get_current_datetime',
      arguments: '{}',
    });
    expect(toolTurn.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });

    const error = await chat(userTurn('[[sim:{"error":{"status":401}}]]'));
    expect(error.status).toBe(401);
    expect(((await error.json()) as ErrorBody).error).toMatchObject({
      type: 'invalid_request_error',
      param: null,
    });

    const nested = (await (
      await chat(
        userTurn('[[sim:{"text":"nested ]] ok","toolCalls":[{"name":"f","arguments":{"a":[[1]]}}]}]]'),
      )
    ).json()) as Completion;
    expect(nested.choices[0]?.message.content).toBe('nested ]] ok');
    expect(nested.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{"a":[[1]]}');

    const echo = (await (
      await chat(userTurn('please [[sim:{"chunkDelayMs":1}]] echo me'))
    ).json()) as Completion;
    expect(echo.choices[0]?.message.content).toBe('Echo: please  echo me');
  });

  it('rejects an invalid directive with a 400', async () => {
    for (const content of ['[[sim:{"text":42}]]', '[[sim:not json]]', '[[sim:{"error":{"status":"x"}}]]']) {
      const response = await chat(userTurn(content));
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.message).toMatch(/directive/);
    }
  });

  it('answers with a scripted HTTP error object', async () => {
    sim.script({ error: { status: 429, message: 'slow down', code: 'rate_limit_exceeded' } });
    const response = await chat(userTurn('x', { stream: true }));
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { message: 'slow down', type: 'rate_limit_exceeded', param: null, code: 'rate_limit_exceeded' },
    });
  });

  it('validates requests: 400 for malformed JSON or missing fields, 404 for unknown routes', async () => {
    const malformed = await chat('{"model": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.type).toBe('invalid_request_error');
    expect((await chat({ model: 'sim-model' })).status).toBe(400);
    expect((await chat({ messages: [] })).status).toBe(400);
    expect((await chat([1, 2])).status).toBe(400);
    for (const [method, path] of [
      ['GET', '/v1/chat/completions'],
      ['POST', '/v1/models'],
      ['GET', '/v1/embeddings'],
      ['GET', '/'],
    ] as const) {
      const response = await fetch(`http://127.0.0.1:${sim.port}${path}`, { method });
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error.code).toBe('unknown_url');
    }
    // The simulator survives all of that.
    expect((await chat(userTurn('still alive?'))).status).toBe(200);
  });

  it('delays the first byte and the chunks', async () => {
    sim.script({ text: ['a', 'b', 'c'], firstChunkDelayMs: 80, chunkDelayMs: 30 });
    const started = performance.now();
    const response = await chat(userTurn('x', { stream: true }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    const chunks = parseChunks(await sseData(response));
    // Four gaps: role→a, a→b, b→c, c→finish.
    expect(performance.now() - started).toBeGreaterThanOrEqual(70 + 4 * 25);
    expect(contentOf(chunks)).toBe('abc');
  });

  it('cuts a stream abruptly after N chunks', async () => {
    sim.script({ text: ['one', 'two', 'three'], cutAfterChunks: 2 });
    const response = await chat(userTurn('x', { stream: true, stream_options: { include_usage: true } }));
    expect(response.status).toBe(200);
    const reader = bodyReader(response);
    const decoder = new TextDecoder();
    let received = '';
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += decoder.decode(value, { stream: true });
        }
      })(),
    ).rejects.toThrow();
    expect(received).toContain('"two"');
    expect(received).not.toContain('"three"');
    expect(received).not.toContain('finish_reason":"stop"');
    expect(received).not.toContain('[DONE]');
  });

  it('sends a mid-stream error frame and ends without [DONE]', async () => {
    sim.script({ text: ['one', 'two'], streamErrorAfterChunks: 1 });
    const data = await sseData(await chat(userTurn('x', { stream: true })));
    expect(data).not.toContain('[DONE]');
    expect(JSON.parse(data.at(-1)!)).toMatchObject({
      error: { message: expect.any(String), type: 'server_error' },
    });
    expect(contentOf(parseChunks(data.slice(0, -1)))).toBe('one');
  });

  it('hangs after N chunks until the client goes away, and keeps serving others', async () => {
    sim.script({ text: ['one', 'two'], hangAfterChunks: 1 });
    const controller = new AbortController();
    const response = await chat(userTurn('x', { stream: true }), { signal: controller.signal });
    const reader = bodyReader(response);
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('"one"')) {
      const { value } = await reader.read();
      received += decoder.decode(value, { stream: true });
    }
    const next = reader.read();
    const timeout = new Promise((resolve) => setTimeout(resolve, 100, 'nothing more'));
    expect(await Promise.race([next.then(() => 'more data'), timeout])).toBe('nothing more');
    controller.abort();
    await expect(next).rejects.toThrow();
    expect((await chat(userTurn('others still work'))).status).toBe(200);
  });

  it('survives clients that disconnect during delays', async () => {
    sim.script(
      { text: 'a long answer that is streamed slowly', chunkDelayMs: 20 },
      { firstChunkDelayMs: 200 },
    );
    const first = new AbortController();
    const response = await chat(userTurn('x', { stream: true }), { signal: first.signal });
    await bodyReader(response).read();
    first.abort();
    const second = new AbortController();
    const pending = chat(userTurn('y'), { signal: second.signal });
    setTimeout(() => second.abort(), 20);
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await chat(userTurn('z'))).status).toBe(200);
  });
});

describe('options', () => {
  it('requires the bearer API key when one is configured', async () => {
    const secured = await startLlmSimulator({ apiKey: 'sk-sim' });
    try {
      const url = `${secured.url}/chat/completions`;
      const missing = await chat(userTurn('x'), { url });
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as ErrorBody).error.code).toBe('invalid_api_key');
      expect((await chat(userTurn('x'), { url, headers: { authorization: 'Bearer wrong' } })).status).toBe(
        401,
      );
      expect((await fetch(`${secured.url}/models`)).status).toBe(401);
      const ok = await chat(userTurn('x'), { url, headers: { authorization: 'Bearer sk-sim' } });
      expect(ok.status).toBe(200);
      const models = await fetch(`${secured.url}/models`, { headers: { authorization: 'Bearer sk-sim' } });
      expect(models.status).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it('serves custom models, a models delay and a chunk size', async () => {
    const custom = await startLlmSimulator({
      models: [{ id: 'big', context_length: 1_000_000 }, { id: 'small' }],
      modelsDelayMs: 80,
      chunkSize: 3,
    });
    try {
      let started = performance.now();
      const body = (await (await fetch(`${custom.url}/models`)).json()) as { data: unknown[] };
      expect(performance.now() - started).toBeGreaterThanOrEqual(70);
      expect(body.data).toMatchObject([
        { id: 'big', context_length: 1_000_000 },
        { id: 'small', context_length: 131072 },
      ]);
      custom.setModelsDelay(0);
      started = performance.now();
      await fetch(`${custom.url}/models`);
      expect(performance.now() - started).toBeLessThan(70);
      const response = await chat(userTurn('abc', { stream: true }), {
        url: `${custom.url}/chat/completions`,
      });
      const chunks = parseChunks(await sseData(response));
      expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
        'Ech',
        'o: ',
        'abc',
      ]);
    } finally {
      await custom.close();
    }
  });

  it('closes promptly while a stream hangs, and close() is idempotent', async () => {
    const doomed = await startLlmSimulator();
    doomed.script({ text: 'never finishes', hangAfterChunks: 0 });
    const response = await chat(userTurn('x', { stream: true }), { url: `${doomed.url}/chat/completions` });
    const body = response.text();
    const started = performance.now();
    await Promise.all([doomed.close(), doomed.close()]);
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(body).rejects.toThrow();
  });
});

describe('through the AI SDK', () => {
  const executed: unknown[] = [];
  const tools = {
    get_weather: tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: ({ city }) => {
        executed.push(city);
        return Promise.resolve({ city, temperatureC: 21 });
      },
    }),
  };
  afterEach(() => {
    executed.length = 0;
  });

  /** First turn: a tool call with fixed usage; second turn: the default tool-results text with fixed usage. */
  function scriptToolRoundTrip(cost?: number): void {
    const usage = (prompt_tokens: number, completion_tokens: number) =>
      cost === undefined ? { prompt_tokens, completion_tokens } : { prompt_tokens, completion_tokens, cost };
    sim.setHandler((request, index): SimReply => {
      if (index === 0) {
        return {
          text: 'Let me check. ',
          toolCalls: [{ id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } }],
          usage: usage(10, 5),
        };
      }
      return { ...defaultSimReply(request.body), usage: usage(30, 7) };
    });
  }

  function expectToolResultSentBack(): void {
    expect(sim.requests).toHaveLength(2);
    const messages = sim.requests[1]!.body.messages as Record<string, unknown>[];
    expect(messages.at(-2)).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_weather_1', type: 'function', function: { name: 'get_weather' } }],
    });
    expect(messages.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_weather_1',
      content: '{"city":"Paris","temperatureC":21}',
    });
    expect(executed).toEqual(['Paris']);
  }

  it('openai-compatible streamText: multi-step tool round trip with usage', async () => {
    scriptToolRoundTrip();
    const provider = createOpenAICompatible({
      name: 'sim',
      baseURL: sim.url,
      apiKey: 'k',
      includeUsage: true,
    });
    const result = streamText({
      model: provider('sim-model'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Paris?',
      maxRetries: 0,
    });
    expect(await result.text).toBe('Tool results: {"city":"Paris","temperatureC":21}');
    const steps = await result.steps;
    expect(steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(steps[0]?.text).toBe('Let me check. ');
    expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } });
    expect(await result.totalUsage).toMatchObject({ inputTokens: 40, outputTokens: 12, totalTokens: 52 });
    expectToolResultSentBack();
    expect(sim.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('openai-compatible without includeUsage sends no stream_options and gets no usage', async () => {
    const provider = createOpenAICompatible({ name: 'sim', baseURL: sim.url });
    const result = streamText({ model: provider('sim-model'), prompt: 'hi', maxRetries: 0 });
    expect(await result.text).toBe('Echo: hi');
    expect((await result.usage).inputTokens).toBeUndefined();
    expect(sim.requests[0]?.body.stream_options).toBeUndefined();
  });

  it('openai-compatible generateText: tool round trip driven by an in-band directive', async () => {
    const provider = createOpenAICompatible({ name: 'sim', baseURL: sim.url });
    const result = await generateText({
      model: provider('sim-model'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'Weather please [[sim:{"toolCalls":[{"name":"get_weather","arguments":{"city":"Oslo"}}]}]]',
      maxRetries: 0,
    });
    expect(result.text).toBe('Tool results: {"city":"Oslo","temperatureC":21}');
    expect(result.steps).toHaveLength(2);
    expect(result.totalUsage.inputTokens).toBeGreaterThan(0);
    expect(result.totalUsage.outputTokens).toBeGreaterThan(0);
    expect(executed).toEqual(['Oslo']);
    expect(sim.requests.every((request) => request.stream === false)).toBe(true);
  });

  it('openrouter streamText: multi-step tool round trip with usage and cost', async () => {
    scriptToolRoundTrip(0.0012);
    const openrouter = createOpenRouter({ baseURL: sim.url, apiKey: 'or-key', compatibility: 'strict' });
    const result = streamText({
      model: openrouter('sim-model'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Paris?',
      maxRetries: 0,
    });
    expect(await result.text).toBe('Tool results: {"city":"Paris","temperatureC":21}');
    expect((await result.steps).map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(await result.totalUsage).toMatchObject({ inputTokens: 40, outputTokens: 12, totalTokens: 52 });
    expect((await result.providerMetadata)?.openrouter).toMatchObject({ usage: { cost: 0.0012 } });
    expectToolResultSentBack();
    expect(sim.requests[0]?.body.stream_options).toEqual({ include_usage: true });
  });

  it('openrouter generateText: multi-step tool round trip with usage', async () => {
    scriptToolRoundTrip();
    const openrouter = createOpenRouter({ baseURL: sim.url, apiKey: 'or-key' });
    const result = await generateText({
      model: openrouter('sim-model'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Paris?',
      maxRetries: 0,
    });
    expect(result.text).toBe('Tool results: {"city":"Paris","temperatureC":21}');
    expect(result.totalUsage).toMatchObject({ inputTokens: 40, outputTokens: 12 });
    expectToolResultSentBack();
  });

  it('surfaces HTTP errors as APICallError with the status code', async () => {
    const secured = await startLlmSimulator({ apiKey: 'right' });
    try {
      const compatible = createOpenAICompatible({ name: 'sim', baseURL: secured.url, apiKey: 'wrong' });
      const openrouter = createOpenRouter({ baseURL: secured.url, apiKey: 'wrong' });
      for (const model of [compatible('sim-model'), openrouter('sim-model')]) {
        const error: unknown = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch(
          (e: unknown) => e,
        );
        expect(APICallError.isInstance(error)).toBe(true);
        expect((error as APICallError).statusCode).toBe(401);
        expect((error as APICallError).message).toContain('Incorrect API key');
      }
    } finally {
      await secured.close();
    }

    const compatible = createOpenAICompatible({ name: 'sim', baseURL: sim.url });
    const openrouter = createOpenRouter({ baseURL: sim.url, apiKey: 'k' });
    for (const model of [compatible('sim-model'), openrouter('sim-model')]) {
      sim.script({ error: { status: 429, message: 'Rate limit reached for requests' } });
      const errors: unknown[] = [];
      const result = streamText({
        model,
        prompt: 'hi',
        maxRetries: 0,
        onError: ({ error }) => void errors.push(error),
      });
      await result.consumeStream();
      expect(errors).toHaveLength(1);
      expect(APICallError.isInstance(errors[0])).toBe(true);
      expect((errors[0] as APICallError).statusCode).toBe(429);
      expect((errors[0] as APICallError).message).toBe('Rate limit reached for requests');
    }
  });

  it('surfaces a stream cut mid-way as an error', async () => {
    // openai-compatible: the stream itself fails with an APICallError caused by the terminated body.
    sim.script({ text: ['partial ', 'answer ', 'never finished'], cutAfterChunks: 1 });
    const compatible = createOpenAICompatible({ name: 'sim', baseURL: sim.url, includeUsage: true });
    const first = streamText({ model: compatible('sim-model'), prompt: 'hi', maxRetries: 0 });
    const seen: string[] = [];
    const failure: unknown = await (async () => {
      for await (const part of first.fullStream) if (part.type === 'text-delta') seen.push(part.text);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['partial ']);
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(String((failure as APICallError).cause)).toContain('terminated');

    // openrouter: catches the read error and reports it as an error part, finishing with reason 'error'.
    sim.script({ text: ['partial ', 'answer ', 'never finished'], chunkDelayMs: 5, cutAfterChunks: 1 });
    const openrouter = createOpenRouter({ baseURL: sim.url, apiKey: 'k', compatibility: 'strict' });
    const second = streamText({
      model: openrouter('sim-model'),
      prompt: 'hi',
      maxRetries: 0,
      onError: () => {},
    });
    const errors: unknown[] = [];
    for await (const part of second.fullStream) if (part.type === 'error') errors.push(part.error);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('terminated');
    expect(await second.finishReason).toBe('error');
  });

  it('surfaces a mid-stream error frame as an error part', async () => {
    for (const model of [
      createOpenAICompatible({ name: 'sim', baseURL: sim.url })('sim-model'),
      createOpenRouter({ baseURL: sim.url, apiKey: 'k' })('sim-model'),
    ]) {
      sim.script({ text: ['half ', 'done'], streamErrorAfterChunks: 1 });
      const result = streamText({ model, prompt: 'hi', maxRetries: 0, onError: () => {} });
      const errors: unknown[] = [];
      for await (const part of result.fullStream) if (part.type === 'error') errors.push(part.error);
      expect(errors).toEqual([
        expect.objectContaining({ message: 'The simulated model failed mid-stream.' }),
      ]);
      expect(await result.finishReason).toBe('error');
      expect(await result.text).toBe('half ');
    }
  });

  it('lets the SDK abort a hanging stream', async () => {
    sim.script({ text: ['first ', 'second'], hangAfterChunks: 1 });
    const controller = new AbortController();
    const provider = createOpenAICompatible({ name: 'sim', baseURL: sim.url });
    const result = streamText({
      model: provider('sim-model'),
      prompt: 'hi',
      maxRetries: 0,
      abortSignal: controller.signal,
      onError: () => {},
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(types).toContain('abort');
    expect((await chat(userTurn('still serving'))).status).toBe(200);
  });
});
