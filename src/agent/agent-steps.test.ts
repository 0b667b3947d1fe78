import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { stepCountIs, streamText, tool, type ModelMessage, type ToolSet } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLlmSimulator, type LlmSimulator, type SimReply } from '../../test/sim/llm/llm-simulator.js';
import { agentSteps, type StepPart } from './agent-steps.js';
import { TurnSpans } from './turn-spans.js';

let sim: LlmSimulator;
beforeAll(async () => {
  sim = await startLlmSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const SYSTEM = 'You answer about the weather.';
const HISTORY: ModelMessage[] = [
  { role: 'user', content: 'Earlier question' },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Looking.' },
      { type: 'tool-call', toolCallId: 'call_old', toolName: 'get_weather', input: { city: 'Oslo' } },
    ],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: 'call_old',
        toolName: 'get_weather',
        output: { type: 'json', value: { city: 'Oslo', temperatureC: 3 } },
      },
    ],
  },
  { role: 'assistant', content: 'It is 3 °C in Oslo.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'And this picture, and Paris?' },
      // The smallest PNG: its signature and IHDR.
      {
        type: 'image',
        image: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        mediaType: 'image/png',
      },
    ],
  },
];

function weatherTools(executed: string[] = []): ToolSet {
  return {
    get_weather: tool({
      description: 'Погода в городе (the weather in a city)',
      inputSchema: z.object({ city: z.string().describe('The city') }),
      execute: ({ city }) => {
        executed.push(city);
        return Promise.resolve({ city, temperatureC: 21 });
      },
    }),
    get_time: tool({
      description: 'The time in a timezone',
      inputSchema: z.object({ timezone: z.string() }),
      execute: () => Promise.resolve({ time: '12:00' }),
    }),
  };
}

function model() {
  return createOpenAICompatible({ name: 'sim', baseURL: sim.url, apiKey: 'k', includeUsage: true }).chatModel(
    'sim-model',
  );
}

async function collect(parts: AsyncIterable<StepPart>): Promise<StepPart[]> {
  const all: StepPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

function steps(
  tools: ToolSet,
  options: { signal?: AbortSignal; chunkTimeoutMs?: number; maxSteps?: number } = {},
) {
  return agentSteps({
    model: model(),
    system: { content: SYSTEM },
    messages: HISTORY,
    tools,
    maxSteps: options.maxSteps ?? 5,
    temperature: 0,
    maxOutputTokens: 500,
    signal: options.signal ?? new AbortController().signal,
    chunkTimeoutMs: options.chunkTimeoutMs ?? 5000,
    spans: new TurnSpans(undefined, 'test', { provider: 'sim', modelId: 'sim-model' }, {}),
  });
}

/** The bodies the simulator received, as sent (JSON keeps the order of their keys). */
function bodies(): string[] {
  return sim.requests.map((r) => JSON.stringify(r.body));
}

describe('agentSteps', () => {
  const script: SimReply[] = [
    {
      text: ['Let me check. '],
      toolCalls: [
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_2', name: 'get_weather', arguments: { city: 5 } },
        { id: 'call_3', name: 'no_such_tool', arguments: {} },
        { id: 'call_4', name: 'get_time', arguments: 'not json' },
      ],
    },
    { text: ['It is ', '21 °C.'], usage: { prompt_tokens: 50, completion_tokens: 6, cached_tokens: 20 } },
  ];

  it('sends, step by step, the very requests the AI SDK’s streamText sends for the same turn', async () => {
    sim.script(...script);
    const viaSdk = streamText({
      model: model(),
      system: SYSTEM,
      messages: HISTORY,
      tools: weatherTools(),
      stopWhen: stepCountIs(5),
      temperature: 0,
      maxOutputTokens: 500,
      maxRetries: 0,
    });
    await viaSdk.text;
    const expected = bodies();
    expect(expected).toHaveLength(2);
    sim.reset();

    sim.script(...script);
    await collect(steps(weatherTools()));
    expect(bodies()).toEqual(expected);
  });

  it('runs valid calls, answers invalid ones with the error, and reports each step', async () => {
    sim.script(...script);
    const executed: string[] = [];
    const parts = await collect(steps(weatherTools(executed)));
    expect(executed).toEqual(['Paris']);
    expect(parts.map((p) => p.type)).toEqual([
      'start-step',
      'text-delta',
      'tool-call',
      'tool-call',
      'tool-call',
      'tool-call',
      'tool-result',
      'tool-result',
      'tool-result',
      'tool-result',
      'finish-step',
      'start-step',
      'text-delta',
      'text-delta',
      'finish-step',
    ]);
    const errors = parts.flatMap((p) => (p.type === 'tool-result' && p.isError ? [p] : []));
    expect(errors.map((e) => [e.toolCallId, (e.error as Error).name])).toEqual([
      ['call_2', 'AI_InvalidToolInputError'],
      ['call_3', 'AI_NoSuchToolError'],
      ['call_4', 'AI_InvalidToolInputError'],
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish-step',
      finishReason: 'stop',
      usage: { inputTokens: 50, outputTokens: 6, totalTokens: 56, cacheReadTokens: 20 },
      providerMetadata: expect.anything(),
      messages: [{ role: 'assistant', content: [{ type: 'text', text: 'It is 21 °C.' }] }],
    });
    // The first step's messages: its text and four calls, then their four results (errors as text).
    const first = parts.find((p) => p.type === 'finish-step')!;
    expect(first.type === 'finish-step' && first.messages.map((m) => [m.role, m.content.length])).toEqual([
      ['assistant', 5],
      ['tool', 4],
    ]);
    // The model gets each error as the call's result.
    const toolMessages = (sim.requests[1]!.body.messages as { role: string; content: string }[]).filter(
      (m) => m.role === 'tool',
    );
    expect(toolMessages.slice(-3).map((m) => m.content)).toEqual([
      expect.stringContaining('Invalid input for tool get_weather'),
      expect.stringContaining("Model tried to call unavailable tool 'no_such_tool'"),
      expect.stringContaining('Invalid input for tool get_time: JSON parsing failed'),
    ]);
  });

  it('refuses arguments that would reach an object’s prototype, without running the tool', async () => {
    const executed: string[] = [];
    sim.script(
      { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris","__proto__":{"polluted":true}}' }] },
      { text: 'ok' },
    );
    const parts = await collect(steps(weatherTools(executed)));
    expect(executed).toEqual([]);
    expect(parts.find((p) => p.type === 'tool-result')).toMatchObject({
      toolName: 'get_weather',
      isError: true,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops after maxSteps calls, and when a step makes no tool call', async () => {
    sim.setHandler(() => ({ toolCalls: [{ name: 'get_time', arguments: { timezone: 'UTC' } }] }));
    const parts = await collect(steps(weatherTools(), { maxSteps: 3 }));
    expect(parts.filter((p) => p.type === 'start-step')).toHaveLength(3);
    expect(sim.requests).toHaveLength(3);
  });

  it('a model that stops sending: an error after chunkTimeoutMs, the connection closed', async () => {
    sim.script({ text: ['a', 'b', 'c'], hangAfterChunks: 1 });
    const parts = await collect(steps(weatherTools(), { chunkTimeoutMs: 200 }));
    const last = parts.at(-1)!;
    expect(last.type).toBe('error');
    expect((last as { error: Error }).error).toMatchObject({
      name: 'TimeoutError',
      message: 'Chunk timeout of 200ms exceeded',
    });
  });

  it('a cancel mid-stream ends with abort, and nothing after it', async () => {
    sim.script({ text: Array.from({ length: 50 }, () => 'tick '), chunkDelayMs: 20 });
    const cancel = new AbortController();
    const parts: StepPart[] = [];
    for await (const part of steps(weatherTools(), { signal: cancel.signal })) {
      parts.push(part);
      if (parts.filter((p) => p.type === 'text-delta').length === 3) cancel.abort();
    }
    expect(parts.at(-1)).toEqual({ type: 'abort' });
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(3);
  });
});
