import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createConnection, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator, type SimReply } from '../../test/sim/llm/llm-simulator.js';
import type { CallOptions } from './chat-completions-body.js';
import { ChatCompletionsModel } from './chat-completions-model.js';
import type { ProviderModel } from './create-language-model.js';
import { gigachatFetch } from './gigachat-fetch.js';
import { postBytes } from './post-bytes.js';
import { usageCostExtractor } from './provider-cost.js';
import { ToolSplice } from './tool-splice.js';

// A full GC on demand, for the test that the request body is let go.
setFlagsFromString('--expose-gc');

type Prompt = CallOptions['prompt'];
type Tools = NonNullable<CallOptions['tools']>;

interface Settings {
  name?: string;
  apiKey?: string;
  includeUsage?: boolean;
  extractor?: boolean;
  fetch?: typeof globalThis.fetch;
}

/** The AI SDK's model and ours, with the same settings. */
function models(baseURL: string, s: Settings = {}, modelId = 'sim-model'): [ProviderModel, ProviderModel] {
  const name = s.name ?? 'openai';
  const includeUsage = s.includeUsage ?? true;
  const sdk = createOpenAICompatible({
    name,
    baseURL,
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    includeUsage,
    ...(s.extractor ? { metadataExtractor: usageCostExtractor } : {}),
    ...(s.fetch ? { fetch: s.fetch } : {}),
  }).chatModel(modelId);
  const lean = new ChatCompletionsModel({
    name,
    baseURL,
    apiKey: s.apiKey,
    modelId,
    includeUsage,
    metadataExtractor: s.extractor ? usageCostExtractor : undefined,
    fetch: s.fetch,
    toolSplice: s.fetch ? undefined : new ToolSplice(),
  });
  return [sdk, lean];
}

interface Outcome {
  /** The parts read before the stream ended or failed. */
  parts: unknown[];
  /** What the stream failed with. */
  streamError?: unknown;
  /** What doStream threw. */
  thrown?: unknown;
}

async function run(model: ProviderModel, options: CallOptions): Promise<Outcome> {
  let result;
  try {
    result = await model.doStream(options);
  } catch (thrown) {
    return { parts: [], thrown };
  }
  const parts: unknown[] = [];
  const reader = result.stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { parts };
      parts.push(value);
    }
  } catch (streamError) {
    return { parts, streamError };
  }
}

const SCHEMA: Extract<Tools[number], { type: 'function' }>['inputSchema'] = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Имя шаблона' }, n: { type: 'number' } },
  required: ['name'],
  additionalProperties: false,
};
const TOOLS: Tools = [
  {
    type: 'function',
    name: 'list_templates',
    description: 'Шаблоны (templates) приложения',
    inputSchema: SCHEMA,
  },
  {
    type: 'function',
    name: 'add',
    description: 'Adds "two" numbers',
    inputSchema: { type: 'object' },
    strict: true,
  },
  { type: 'function', name: 'nodesc', inputSchema: { type: 'object', properties: {} } },
];
const user = (text: string): Prompt[number] => ({ role: 'user', content: [{ type: 'text', text }] });

/** The prompts whose requests must be byte for byte the AI SDK's. */
const PROMPTS: Record<string, Partial<CallOptions> & { prompt: Prompt }> = {
  'system and one question': {
    prompt: [
      { role: 'system', content: 'You are a copilot. Отвечай по-русски.' },
      user('Привет 🙂 "quotes" \\ \n'),
    ],
  },
  'system with provider options, parts with options': {
    prompt: [
      {
        role: 'system',
        content: 'Static prefix',
        providerOptions: {
          openaiCompatible: { cache_control: { type: 'ephemeral' } },
          openrouter: { cacheControl: { type: 'ephemeral' } },
        },
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one', providerOptions: { openaiCompatible: { mark: 1 } } },
          { type: 'text', text: 'two' },
        ],
        providerOptions: { openaiCompatible: { name: 'alice' } },
      },
      {
        role: 'user',
        content: [{ type: 'text', text: 'single', providerOptions: { openaiCompatible: { mark: 2 } } }],
        providerOptions: { openaiCompatible: { ignored: true } },
      },
    ],
  },
  'multi-turn with tool calls and every kind of tool result': {
    prompt: [
      { role: 'system', content: 'sys' },
      user('List templates and add numbers'),
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Thinking…' },
          { type: 'text', text: 'Let me look. ' },
          { type: 'text', text: 'Calling tools.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'list_templates', input: { name: 'Заявки' } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'add', input: '{"a":1,"b":2}' },
          {
            type: 'tool-call',
            toolCallId: 'call_3',
            toolName: 'add',
            input: 'not json',
            providerOptions: { openaiCompatible: { extra: 'x' }, google: { thoughtSignature: 'sig' } },
          },
          { type: 'tool-call', toolCallId: 'call_4', toolName: 'nodesc', input: {} },
          { type: 'tool-call', toolCallId: 'call_5', toolName: 'nodesc', input: { deep: [1, { b: null }] } },
          { type: 'tool-call', toolCallId: 'call_6', toolName: 'nodesc', input: {} },
          { type: 'tool-call', toolCallId: 'call_7', toolName: 'nodesc', input: {} },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'list_templates',
            output: { type: 'json', value: { items: ['Заявки', 'Клиенты'], total: 2 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            toolName: 'add',
            output: { type: 'text', value: '3' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_3',
            toolName: 'add',
            output: { type: 'error-text', value: 'bad input' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_4',
            toolName: 'nodesc',
            output: { type: 'error-json', value: { error: 'no', code: 4 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_5',
            toolName: 'nodesc',
            output: { type: 'content', value: [{ type: 'text', text: 'Result text' }] },
            providerOptions: { openaiCompatible: { note: 'n' } },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_6',
            toolName: 'nodesc',
            output: { type: 'execution-denied', reason: 'The user said no.' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_7',
            toolName: 'nodesc',
            output: { type: 'execution-denied' },
          },
          { type: 'tool-approval-response', approvalId: 'a1', approved: true },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'call_8', toolName: 'add', input: { a: 2 } }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_8',
            toolName: 'add',
            output: { type: 'json', value: null },
          },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
      { role: 'assistant', content: [] },
      user('Thanks'),
    ],
    tools: TOOLS,
  },
  images: {
    prompt: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is on these?' },
          { type: 'file', mediaType: 'image/png', data: Buffer.from([137, 80, 78, 71, 0, 255, 1]) },
          { type: 'file', mediaType: 'image/*', data: new Uint8Array([1, 2, 3]) },
          { type: 'file', mediaType: 'image/jpeg', data: 'AQID' },
          { type: 'file', mediaType: 'image/webp', data: new URL('https://example.com/a.webp') },
        ],
      },
    ],
  },
  'tools with toolChoice auto, and the sampling settings': {
    prompt: [user('q')],
    tools: TOOLS,
    toolChoice: { type: 'auto' },
    temperature: 0.2,
    maxOutputTokens: 4096,
    topP: 0.9,
    topK: 5,
    frequencyPenalty: 0.1,
    presencePenalty: 0,
    stopSequences: ['END'],
    seed: 42,
  },
  'toolChoice required': { prompt: [user('q')], tools: TOOLS, toolChoice: { type: 'required' } },
  'toolChoice none': { prompt: [user('q')], tools: TOOLS, toolChoice: { type: 'none' } },
  'toolChoice of one tool': {
    prompt: [user('q')],
    tools: TOOLS,
    toolChoice: { type: 'tool', toolName: 'add' },
  },
  'no tools, a toolChoice': { prompt: [user('q')], tools: [], toolChoice: { type: 'auto' } },
  'a provider tool only': {
    prompt: [user('q')],
    tools: [{ type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }],
  },
  'call headers (streamText sends its user agent)': {
    prompt: [user('q')],
    headers: { 'user-agent': 'ai/6.0.326', 'X-Custom': ' padded ', 'x-none': undefined },
  },
  'other provider options (not ours)': {
    prompt: [user('q')],
    providerOptions: { openrouter: { usage: { include: true } }, google: { x: 1 } },
  },
  'a JSON response format (left to the AI SDK)': {
    prompt: [user('q')],
    responseFormat: { type: 'json' },
  },
  'provider options of the provider (left to the AI SDK)': {
    prompt: [user('q')],
    providerOptions: { openai: { user: 'u1', reasoningEffort: 'low', custom_field: 7 } },
    tools: TOOLS,
  },
};

let sim: LlmSimulator;

beforeAll(async () => {
  sim = await startLlmSimulator({ chunkSize: 4 });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

/** A fetch that records the body it was given, as bytes, and sends it on. */
function capturing(): { fetch: typeof globalThis.fetch; bodies: Buffer[] } {
  const bodies: Buffer[] = [];
  return {
    bodies,
    fetch: (input, init) => {
      const body = init?.body;
      bodies.push(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body as Uint8Array));
      return globalThis.fetch(input, init);
    },
  };
}

describe('ChatCompletionsModel: the request', () => {
  for (const [title, options] of Object.entries(PROMPTS)) {
    it(`is the AI SDK's, byte for byte, headers too: ${title}`, async () => {
      for (const settings of [{ apiKey: 'sk-test' }, { includeUsage: false }]) {
        sim.reset();
        const [sdk, lean] = models(sim.url, settings);
        const a = await run(sdk, options);
        const b = await run(lean, options);
        expect(a.thrown).toBeUndefined();
        expect(b).toEqual(withSameIds(a, b));
        const [sdkRequest, leanRequest] = sim.requests;
        expect(sim.requests).toHaveLength(2);
        // The simulator parses the body: re-serialised, key order and values show; content-length, the size.
        expect(JSON.stringify(leanRequest!.body)).toBe(JSON.stringify(sdkRequest!.body));
        expect(leanRequest!.headers).toEqual(sdkRequest!.headers);
        expect(leanRequest!.headers['content-type']).toBe('application/json');
        expect(leanRequest!.headers['user-agent']).toMatch(
          /ai-sdk\/provider-utils\/[\d.]+ runtime\/node\.js\//,
        );
      }
      // And the bytes themselves, as each gave them to fetch (ours with the tools' cached bytes spliced in).
      const sdkBytes = capturing();
      const leanBytes = capturing();
      const [sdk] = models(sim.url, { fetch: sdkBytes.fetch });
      const [, lean] = models(sim.url, { fetch: leanBytes.fetch });
      const spliced = new ChatCompletionsModel({
        name: 'openai',
        baseURL: sim.url,
        modelId: 'sim-model',
        includeUsage: true,
        fetch: leanBytes.fetch,
        toolSplice: new ToolSplice(),
      });
      await run(sdk, options);
      await run(lean, options);
      await run(spliced, options);
      await run(spliced, options);
      expect(leanBytes.bodies).toHaveLength(3);
      for (const bytes of leanBytes.bodies) expect(bytes.equals(sdkBytes.bodies[0]!)).toBe(true);
    });
  }

  it('tells the parts of a tool-calling prompt apart (the comparison can fail)', async () => {
    const [sdk, lean] = models(sim.url);
    await run(sdk, PROMPTS['multi-turn with tool calls and every kind of tool result'] as CallOptions);
    await run(lean, {
      ...PROMPTS['multi-turn with tool calls and every kind of tool result'],
      temperature: 0,
    } as CallOptions);
    expect(JSON.stringify(sim.requests[1]!.body)).not.toBe(JSON.stringify(sim.requests[0]!.body));
    const body = sim.requests[0]!.body as { tools: unknown[]; messages: { role: string }[] };
    expect(body.tools).toHaveLength(3);
    expect(body.messages.filter((m) => m.role === 'tool')).toHaveLength(8);
  });
});

/** Outcome `b` with the simulator's per-response id and timestamp of `a` (each call got its own response). */
function withSameIds(a: Outcome, b: Outcome): Outcome {
  const metadata = (o: Outcome) =>
    o.parts.find((p) => (p as { type: string }).type === 'response-metadata') as
      { id: string; timestamp: Date } | undefined;
  const ma = metadata(a);
  const mb = metadata(b);
  if (!ma || !mb) return a;
  expect(mb.id).toMatch(/^chatcmpl-/);
  expect(Math.abs(mb.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
  return { ...a, parts: a.parts.map((p) => (p === ma ? { ...ma, id: mb.id, timestamp: mb.timestamp } : p)) };
}

const Q: CallOptions = { prompt: [user('q')], tools: TOOLS };

/** Both models answered by the simulator with the same scripted reply; their outcomes must be equal. */
async function simCompare(reply: SimReply, settings: Settings = {}, options: CallOptions = Q) {
  const [sdk, lean] = models(sim.url, settings);
  sim.script(reply, reply);
  const [a, b] = await Promise.all([run(sdk, options), run(lean, options)]);
  expect(b).toEqual(withSameIds(a, b));
  return b;
}

const types = (o: Outcome) => o.parts.map((p) => (p as { type: string }).type);

describe('ChatCompletionsModel: the parts, against the simulator', () => {
  it('text in many chunks', async () => {
    const o = await simCompare({ text: 'Шаблоны приложения: Заявки, Клиенты, Договоры. '.repeat(5) });
    expect(types(o).filter((t) => t === 'text-delta').length).toBeGreaterThan(50);
    expect(types(o).at(-1)).toBe('finish');
  });

  it('several parallel tool calls, after text', async () => {
    const o = await simCompare({
      text: 'Looking.',
      toolCalls: [
        { id: 'call_a', name: 'list_templates', arguments: { name: 'Заявки', n: 3 } },
        { id: 'call_b', name: 'add', arguments: { a: 1, b: 2 } },
        { id: 'call_c', name: 'nodesc', arguments: {} },
        { id: 'call_d', name: 'add', arguments: 'not json {' },
      ],
    });
    expect(types(o).filter((t) => t === 'tool-call')).toHaveLength(4);
  });

  it('usage with cached tokens', async () => {
    const o = await simCompare({
      text: 'ok',
      usage: { prompt_tokens: 1200, completion_tokens: 7, cached_tokens: 1024 },
    });
    expect(o.parts.at(-1)).toMatchObject({
      usage: { inputTokens: { total: 1200, cacheRead: 1024, noCache: 176 } },
    });
  });

  it("Polza's usage.cost_rub, read by the metadata extractor", async () => {
    const o = await simCompare(
      { text: 'ok', usage: { prompt_tokens: 10, completion_tokens: 2, cost_rub: 0.42 } },
      { name: 'polza', extractor: true },
    );
    expect(o.parts.at(-1)).toMatchObject({
      providerMetadata: { polza: {}, cmwUsageCost: { costRub: 0.42 } },
    });
  });

  it('an error object in the stream', async () => {
    const o = await simCompare({ text: 'partial answer', streamErrorAfterChunks: 2 });
    expect(o.parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'error' } });
    expect(types(o)).toContain('error');
  });

  it('no usage chunk when not asked for', async () => {
    await simCompare({ text: 'ok' }, { includeUsage: false });
  });

  it('a stream cut in the middle fails the same way', async () => {
    const [sdk, lean] = models(sim.url);
    sim.script(
      { text: 'a long answer that is cut', cutAfterChunks: 2 },
      { text: 'a long answer that is cut', cutAfterChunks: 2 },
    );
    const [a, b] = await Promise.all([run(sdk, Q), run(lean, Q)]);
    expect(b.streamError).toBeDefined();
    expect(b.parts).toEqual(withSameIds(a, b).parts);
    expect(errorFields(b.streamError)).toEqual(errorFields(a.streamError));
  });

  for (const status of [429, 500, 400, 401]) {
    it(`an HTTP ${status} is thrown as the same APICallError`, async () => {
      const [sdk, lean] = models(sim.url);
      sim.script({ error: { status } }, { error: { status } });
      const a = await run(sdk, Q);
      const b = await run(lean, Q);
      expect(errorFields(b.thrown)).toEqual(errorFields(a.thrown));
      expect(b.thrown).toMatchObject({ statusCode: status, isRetryable: status === 429 || status >= 500 });
    });
  }

  it('a refused connection is thrown as the same APICallError', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const [sdk, lean] = models(`http://127.0.0.1:${port}/v1`);
    const a = await run(sdk, Q);
    const b = await run(lean, Q);
    expect(b.thrown).toEqual(a.thrown);
    expect(b.thrown).toMatchObject({
      isRetryable: true,
      message: expect.stringMatching(/^Cannot connect to API/),
    });
  });

  it("GigaChat through its fetch: the same request on GigaChat's wire and the same parts", async () => {
    const giga = await startLlmSimulator({ wire: 'gigachat', apiKey: 'giga-key', chunkSize: 4 });
    try {
      const auth = {
        key: 'giga-key',
        scope: 'GIGACHAT_API_PERS',
        authUrl: `http://127.0.0.1:${giga.port}/api/v2/oauth`,
        verifySsl: true,
        tokenTimeoutMs: 5000,
      };
      const [sdk, lean] = models(`http://127.0.0.1:${giga.port}/api/v1`, {
        name: 'gigachat',
        fetch: gigachatFetch(auth),
      });
      const reply: SimReply = {
        text: 'Сейчас посмотрю.',
        toolCalls: [{ name: 'list_templates', arguments: { name: 'x' } }],
      };
      giga.script(reply, reply);
      const a = await run(sdk, Q);
      const b = await run(lean, Q);
      expect(types(b)).toContain('tool-call');
      const strip = (o: Outcome) =>
        JSON.parse(
          JSON.stringify(o.parts, (k, v: unknown) =>
            k === 'id' || k === 'toolCallId' || k === 'timestamp' ? '*' : v,
          ),
        ) as unknown;
      expect(strip(b)).toEqual(strip(a));
      expect(JSON.stringify(giga.requests[1]!.wireBody)).toBe(JSON.stringify(giga.requests[0]!.wireBody));
    } finally {
      await giga.close();
    }
  });
});

/** What failover and error mapping read of an error (responseHeaders without the per-response date and id). */
function errorFields(e: unknown) {
  const x = e as Record<string, unknown>;
  const headers = { ...(x.responseHeaders as Record<string, string> | undefined) };
  delete headers.date;
  delete headers['x-request-id'];
  return {
    name: x.name,
    message: x.message,
    statusCode: x.statusCode,
    isRetryable: x.isRetryable,
    responseHeaders: headers,
    responseBody: x.responseBody,
    data: x.data,
    url: x.url,
    requestBodyValues: JSON.stringify(x.requestBodyValues),
    cause: causeChain(x.cause),
  };
}

/** An error's causes by name, message and code (a socket's local port differs from call to call). */
function causeChain(e: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let c = e as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown } | undefined;
    c;
    c = c.cause as typeof c
  )
    chain.push({ name: c.name, message: c.message, code: c.code });
  return chain;
}

/** A scripted raw response: status, headers, and the body written in these pieces, a moment apart. */
interface RawReply {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  pieces: (string | Buffer)[];
}

let raw: Server;
let rawUrl: string;
const rawQueue: RawReply[] = [];

beforeAll(async () => {
  raw = createServer((req, res) => {
    req.resume();
    req.on('end', () => void answer(res, rawQueue.shift() ?? { status: 500, pieces: [] }));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => raw.close(resolve)));

async function answer(res: ServerResponse, reply: RawReply): Promise<void> {
  res.sendDate = false;
  res.writeHead(
    reply.status ?? 200,
    reply.statusText ?? '',
    reply.headers ?? { 'content-type': 'text/event-stream' },
  );
  for (const piece of reply.pieces) {
    res.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  res.end();
}

const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
) =>
  frame({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'm-1',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
const usageFrame = (usage: Record<string, unknown>) =>
  frame({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'm-1',
    choices: [],
    usage,
  });
const DONE = 'data: [DONE]\n\n';

/** Both models answered with the same bytes; their outcomes must be equal, errors included. */
async function rawCompare(
  reply: RawReply,
  settings: Settings = {},
  options: CallOptions = Q,
): Promise<Outcome> {
  const [sdk, lean] = models(rawUrl, settings);
  rawQueue.push(reply, reply);
  const a = generatedIds(await run(sdk, options));
  const b = generatedIds(await run(lean, options));
  expect(b).toEqual(a);
  if (a.thrown !== undefined) expect(errorFields(b.thrown)).toEqual(errorFields(a.thrown));
  return b;
}

/** An outcome with the tool call ids made up for calls without one (random) named by order of appearance. */
function generatedIds(o: Outcome): Outcome {
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!/^[0-9A-Za-z]{16}$/.test(id)) return id;
    if (!names.has(id)) names.set(id, `generated-${names.size}`);
    return names.get(id)!;
  };
  const parts = o.parts.map((p) => {
    const part = p as { id?: string; toolCallId?: string };
    if (typeof part.toolCallId === 'string') return { ...part, toolCallId: name(part.toolCallId) };
    if (typeof part.id === 'string' && (p as { type: string }).type.startsWith('tool-input'))
      return { ...part, id: name(part.id) };
    return p;
  });
  return { ...o, parts };
}

/** A `fetch` whose every response streams these network chunks, one a read. */
function piecesFetch(pieces: (string | Uint8Array)[]): typeof globalThis.fetch {
  return () => {
    const bytes = pieces.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = bytes.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
  };
}

/** Both models fed the same body in exactly these network chunks, through a custom fetch. */
async function piecesCompare(pieces: (string | Uint8Array)[], options: CallOptions = Q): Promise<Outcome> {
  const fetch = piecesFetch(pieces);
  const [sdk, lean] = models('http://llm.invalid/v1', { fetch });
  const a = await run(sdk, options);
  const b = await run(lean, options);
  expect(b).toEqual(a);
  return b;
}

describe('ChatCompletionsModel: the parts, for the same bytes', () => {
  it('reasoning, then text, then tool calls', async () => {
    const o = await rawCompare({
      pieces: [
        chunk({ role: 'assistant', content: '' }),
        chunk({ reasoning_content: 'Let me ' }),
        chunk({ reasoning_content: 'think.' }),
        chunk({ content: 'Answer ' }),
        chunk({ reasoning: 'more thought' }),
        chunk({ content: 'text.' }),
        chunk({
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
        chunk({}, 'tool_calls'),
        usageFrame({
          prompt_tokens: 100,
          completion_tokens: 50,
          total_tokens: 150,
          completion_tokens_details: {
            reasoning_tokens: 20,
            accepted_prediction_tokens: 3,
            rejected_prediction_tokens: 1,
          },
          prompt_tokens_details: { cached_tokens: 64 },
        }),
        DONE,
      ],
    });
    expect(types(o)).toEqual([
      'stream-start',
      'response-metadata',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'text-end',
      'tool-input-end',
      'tool-call',
      'finish',
    ]);
    expect(o.parts[1]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-1',
      modelId: 'm-1',
      timestamp: new Date(1700000000 * 1000),
    });
  });

  it('interleaved parallel tool calls, names late, no index, thought signatures, a second call on one index', async () => {
    await rawCompare({
      pieces: [
        chunk({ role: 'assistant' }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', function: { arguments: '{"x"' } }] }),
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              function: { name: 'list_templates', arguments: '{"name":"Заявки"}' },
              extra_content: { google: { thought_signature: 'sig-a' } },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 1, function: { name: 'add', arguments: ':1}' } }] }),
        chunk({
          tool_calls: [
            { index: 0, id: 'call_c', function: { name: 'list_templates', arguments: '{"name":"x"}' } },
          ],
        }),
        chunk({ tool_calls: [{ id: 'call_d', function: { name: 'nodesc', arguments: '{}' } }] }),
        chunk({ tool_calls: [{ index: 2, id: 'call_e', function: { name: '  ', arguments: '{}' } }] }),
        // A provider that repeats the name: an unfinished call goes on, a finished one is followed by a new one.
        chunk({ tool_calls: [{ index: 3, id: 'call_f', function: { name: 'add', arguments: '{"a":' } }] }),
        chunk({ tool_calls: [{ index: 3, function: { name: 'add', arguments: '{"b":1}}' } }] }),
        chunk({ tool_calls: [{ index: 4, function: { name: 'add', arguments: '{}' } }] }),
        chunk({ tool_calls: [{ index: 4, function: { name: 'add', arguments: ' {"c":2}' } }] }),
        chunk({}, 'tool_calls'),
        DONE,
      ],
    });
  });

  it('a tool call whose name never comes, and a new call without a name, fail as the AI SDK fails', async () => {
    await rawCompare({
      pieces: [
        chunk({ tool_calls: [{ index: 0, id: 'call_x', function: { arguments: '{}' } }] }),
        chunk({}, 'tool_calls'),
        DONE,
      ],
    });
    await rawCompare({
      pieces: [
        chunk({ tool_calls: [{ id: 'call_y', function: { arguments: '{}' } }] }),
        chunk({}, 'stop'),
        DONE,
      ],
    });
  });

  it('content parts, a refusal, and every finish reason', async () => {
    await rawCompare({
      pieces: [
        chunk({
          content: [
            { type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }, { type: 'x' }] },
            { type: 'text', text: 'hi' },
            { type: 'image' },
          ],
        }),
        chunk({ refusal: 'I cannot.' }),
        chunk({ refusal: false }),
        chunk({}, 'stop'),
        DONE,
      ],
    });
    for (const reason of ['length', 'content_filter', 'function_call', 'something_else', 'stop'])
      await rawCompare({ pieces: [chunk({ content: 'x' }), chunk({}, reason), DONE] });
  });

  it("usage on the finish chunk, Polza's cost, usage without details", async () => {
    await rawCompare(
      {
        pieces: [
          chunk({ content: 'x' }),
          chunk({}, 'stop', {
            usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6, cost_rub: 1.5 },
          }),
          DONE,
        ],
      },
      { name: 'polza', extractor: true },
    );
    await rawCompare({
      pieces: [chunk({ content: 'x' }), chunk({}, 'stop'), usageFrame({ completion_tokens: 3 }), DONE],
    });
  });

  it('error objects, invalid JSON, chunks that do not fit the schema, no finish reason', async () => {
    await rawCompare({
      pieces: [
        chunk({ content: 'a' }),
        'data: {"error":{"message":"Overloaded","type":"server_error","param":null,"code":503,"extra":1}}\n\n',
        'data: {not json\n\n',
        'data: {"choices":[{"delta":{"role":"tool"}}]}\n\n',
        'data: {"object":"x"}\n\n',
        'data: {"choices":[{"delta":{"tool_calls":[{"index":0}]}}]}\n\n',
        'data: {"choices":[],"error":{"message":"both"}}\n\n',
        'data: {"__proto__":{"x":1},"choices":[]}\n\n',
        'data: 42\n\n',
        chunk({ content: 'b' }),
        DONE,
      ],
    });
    await rawCompare({ pieces: [chunk({ content: 'no finish' })] });
    await rawCompare({ pieces: [] });
  });

  it('raw chunks when asked for', async () => {
    await rawCompare(
      { pieces: [chunk({ content: 'x' }), 'data: {bad\n\n', chunk({}, 'stop'), DONE] },
      {},
      { ...Q, includeRawChunks: true },
    );
  });

  it('SSE framing: CRLF and CR line ends, comments, other fields, multi-line data, no space, no blank line at the end', async () => {
    const c = chunk({ content: 'one' }).trimEnd();
    await rawCompare({
      pieces: [
        ': keep-alive\r\n\r\n',
        `event: message\r\nid: 1\r\n${c}\r\n\r\n`,
        `retry: 10\rdata:${JSON.stringify({ choices: [{ delta: { content: 'two' } }] })}\r\r`,
        'data: {"choices":\ndata: [{"delta":{"content":"three"}}]}\n\n',
        'data: {"choices":\r\ndata: [{"delta":{"content":"four"}}]}\r\n\r\n',
        'data\n\n',
        'unknown: field\n\n',
        chunk({}, 'stop'),
        `data: ${JSON.stringify({ choices: [{ delta: { content: 'lost' } }] })}\n`,
      ],
    });
  });

  it('network chunks that split a character, a CRLF and a line', async () => {
    const text = chunk({ content: 'Привет, мир 🙂' }).replace(/\n/g, '\r\n');
    const bytes = new TextEncoder().encode(text + chunk({}, 'stop') + DONE);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) pieces.push(bytes.subarray(i, i + 3));
    const o = await piecesCompare(pieces);
    expect(o.parts).toContainEqual({ type: 'text-delta', id: 'txt-0', delta: 'Привет, мир 🙂' });
    await piecesCompare(['\uFEFFdata: {"choices":[{"delta":{"content":"bom"}}]}\n\n', chunk({}, 'stop')]);
    await piecesCompare([chunk({ content: 'a' }).slice(0, -1), '\r', '\n', chunk({}, 'stop')]);
    await piecesCompare([
      'data: {"choices":\r',
      '\ndata: [{"delta":{"content":"x"}}]}\r',
      '\n\r\n',
      chunk({}, 'stop'),
    ]);
  });

  it('error statuses: retry-after kept, a message from the body or the status text', async () => {
    const error = JSON.stringify({
      error: { message: 'Rate limit reached', type: 'rate_limit_exceeded', param: null, code: null },
    });
    const o = await rawCompare({
      status: 429,
      statusText: 'Too Many Requests',
      headers: { 'content-type': 'application/json', 'retry-after': '7' },
      pieces: [error],
    });
    expect(o.thrown).toMatchObject({
      statusCode: 429,
      isRetryable: true,
      message: 'Rate limit reached',
      responseHeaders: { 'retry-after': '7' },
    });
    await rawCompare({ status: 500, statusText: 'Internal Server Error', pieces: [] });
    await rawCompare({ status: 503, statusText: 'Unavailable', pieces: ['   '] });
    await rawCompare({ status: 400, statusText: 'Bad Request', pieces: ['<html>bad</html>'] });
    await rawCompare({ status: 400, statusText: 'Bad Request', pieces: ['{"error":{"type":"no message"}}'] });
    await rawCompare({
      status: 404,
      statusText: 'Not Found',
      pieces: ['{"error":{"message":"No such model","code":"model_not_found","more":1},"x":2}'],
    });
    await rawCompare({
      status: 409,
      statusText: 'Conflict',
      pieces: ['{"error":{"message":"__proto__","__proto__":{}}}'],
    });
  });
});

/** A TCP proxy to the simulator that says when the client's connection closed. */
async function proxy(
  port: number,
): Promise<{ url: string; closed: Promise<void>; close: () => Promise<void> }> {
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const server = createTcpServer((client) => {
    const upstream = createConnection(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      upstream.destroy();
      onClosed();
    });
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    closed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('ChatCompletionsModel: ending early', () => {
  it('an abort mid-stream ends the stream as the AI SDK does and closes the connection', async () => {
    const errors: unknown[] = [];
    for (const which of [0, 1]) {
      const p = await proxy(sim.port);
      try {
        const model = models(p.url)[which]!;
        sim.script({ text: 'one two three four five', hangAfterChunks: 2 });
        const controller = new AbortController();
        const { stream } = await model.doStream({ ...Q, abortSignal: controller.signal });
        const reader = stream.getReader();
        const seen: string[] = [];
        while (seen.filter((t) => t === 'text-delta').length < 2)
          seen.push(((await reader.read()).value as { type: string }).type);
        controller.abort();
        errors.push(
          await reader.read().then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
        await p.closed;
      } finally {
        await p.close();
      }
    }
    expect(errors[1]).toBeInstanceOf(DOMException);
    expect((errors[1] as Error).name).toBe('AbortError');
    expect(errors[1]).toEqual(errors[0]);
  });

  it('cancelling the stream cancels the body and closes the connection', async () => {
    const p = await proxy(sim.port);
    try {
      const [, lean] = models(p.url);
      sim.script({ text: 'one two three four five', hangAfterChunks: 2 });
      const { stream } = await lean.doStream(Q);
      const reader = stream.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
      await p.closed;
    } finally {
      await p.close();
    }
  });
});

describe('ChatCompletionsModel: sent by undici, read as fetch reads', () => {
  it('a gzip-encoded stream is decoded as fetch decodes it', async () => {
    const body = gzipSync(
      [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hello ' }), chunk({ content: 'there.' })]
        .concat(chunk({}, 'stop'), DONE)
        .join(''),
    );
    const o = await rawCompare({
      headers: { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' },
      pieces: [body.subarray(0, 25), body.subarray(25)],
    });
    expect(types(o)).toContain('finish');
    expect(
      o.parts
        .filter((p) => (p as { type: string }).type === 'text-delta')
        .map((p) => (p as { delta: string }).delta)
        .join(''),
    ).toBe('Hello there.');
  });

  it('a redirect is followed as fetch follows it', async () => {
    const redirect: RawReply = {
      status: 307,
      headers: { location: `${sim.url}/chat/completions` },
      pieces: [],
    };
    // The AI SDK's fetch follows it; ours gets it by undici and then sends the call by fetch, which follows it.
    rawQueue.push(redirect, redirect, redirect);
    sim.script({ text: 'Moved here.' }, { text: 'Moved here.' });
    const [sdk, lean] = models(rawUrl);
    const a = await run(sdk, Q);
    const b = await run(lean, Q);
    expect(rawQueue).toHaveLength(0);
    expect(sim.requests).toHaveLength(2);
    expect(JSON.stringify(sim.requests[1]!.body)).toBe(JSON.stringify(sim.requests[0]!.body));
    expect(b).toEqual(withSameIds(a, b));
    expect(types(b)).toContain('finish');
  });

  it('lets the request body go once it is written, while the response still streams', async () => {
    const gc = runInNewContext('gc') as () => void;
    let respond!: (res: ServerResponse) => void;
    const responded = new Promise<ServerResponse>((resolve) => (respond = resolve));
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
        respond(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      let bytes: Uint8Array | undefined = new Uint8Array(64 * 1024).fill(32);
      const sent = new WeakRef(bytes.buffer);
      const posted = await postBytes(
        { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/' },
        { 'content-type': 'application/json' },
        bytes,
        undefined,
      );
      bytes = undefined;
      const res = await responded;
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      expect(sent.deref()).toBeUndefined();
      posted.body.resume();
      res.end();
      await new Promise((resolve) => posted.body.once('end', resolve));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('ChatCompletionsModel: mergeTextDeltas', () => {
  /** The model with `mergeTextDeltas` and without, fed the same body in exactly these network chunks. */
  async function mergedAndNot(pieces: string[]): Promise<[Outcome, Outcome]> {
    const fetch = piecesFetch(pieces);
    const make = (mergeTextDeltas: boolean) =>
      new ChatCompletionsModel({
        name: 'openai',
        baseURL: 'http://llm.invalid/v1',
        modelId: 'm',
        includeUsage: true,
        fetch,
        mergeTextDeltas,
      });
    return [await run(make(true), Q), await run(make(false), Q)];
  }
  const deltas = (o: Outcome) =>
    o.parts
      .filter((p) => (p as { type: string }).type === 'text-delta')
      .map((p) => (p as { delta: string }).delta);
  const others = (o: Outcome) => o.parts.filter((p) => (p as { type: string }).type !== 'text-delta');

  it('joins the deltas of one read, keeps those that came alone, and changes nothing else', async () => {
    const [merged, plain] = await mergedAndNot([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }) + chunk({ content: 'lo' }) + chunk({ content: ', ' }),
      chunk({ content: 'world' }),
      chunk({ content: '!' }) + chunk({ reasoning_content: 'hmm' }) + chunk({ content: ' Bye.' }),
      chunk({}, 'stop') + usageFrame({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }) + DONE,
    ]);
    expect(deltas(plain)).toEqual(['Hel', 'lo', ', ', 'world', '!', ' Bye.']);
    expect(deltas(merged)).toEqual(['Hello, ', 'world', '!', ' Bye.']);
    expect(others(merged)).toEqual(others(plain));
    // Each delta stays between its text part's start and end, in the same order as the other parts.
    const order = (o: Outcome) =>
      o.parts
        .map((p) => (p as { type: string }).type)
        .filter((t, i, all) => t !== 'text-delta' || all[i - 1] !== t);
    expect(order(merged)).toEqual(order(plain));
  });
});
