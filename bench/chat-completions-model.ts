/**
 * CPU of reading streams with the AI SDK's OpenAI-compatible chat model and with ChatCompletionsModel, from the LLM
 * simulator in a child process (so only the client's work is measured): 200 streams of 100 text chunks each, 20 at
 * a time, the models taking turns for 3 rounds; chunks written at once, and 1 ms apart (each its own read).
 *
 *   npx tsx bench/chat-completions-model.ts
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ChatCompletionsModel } from '../src/llm/chat-completions-model.js';
import type { ProviderModel } from '../src/llm/create-language-model.js';
import { ToolSplice } from '../src/llm/tool-splice.js';

const STREAMS = 200;
const CONCURRENCY = 20;
const ROUNDS = 3;

const child = spawn('npx', ['tsx', 'test/sim/llm/main.ts'], {
  env: { ...process.env, PORT: '0', SIM_CHUNK_SIZE: '4' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const url = /(http:\/\/\S+)/.exec(line.toString())![1]!;

const settings = { name: 'openai', baseURL: url, apiKey: 'k', includeUsage: true };
const models: Record<string, ProviderModel> = {
  'AI SDK': createOpenAICompatible(settings).chatModel('sim-model'),
  ChatCompletionsModel: new ChatCompletionsModel({
    ...settings,
    modelId: 'sim-model',
    toolSplice: new ToolSplice(),
  }),
};

async function one(model: ProviderModel, chunkDelayMs: number): Promise<number> {
  const directive = JSON.stringify({
    text: 'Шаблоны: Заявки, Клиенты. '.repeat(16).slice(0, 400),
    chunkDelayMs,
  });
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: `[[sim:${directive}]]` }] }],
    tools: [
      { type: 'function', name: 'list_templates', description: 'Шаблоны', inputSchema: { type: 'object' } },
    ],
  });
  let deltas = 0;
  for await (const part of stream) if (part.type === 'text-delta') deltas++;
  return deltas;
}

async function batch(model: ProviderModel, chunkDelayMs: number): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < STREAMS)
        if ((await one(model, chunkDelayMs)) !== 100) throw new Error('not 100 deltas');
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start };
}

for (const chunkDelayMs of [0, 1]) {
  for (const model of Object.values(models)) await batch(model, chunkDelayMs); // warm-up
  const results: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, model] of Object.entries(models))
      (results[name] ??= []).push((await batch(model, chunkDelayMs)).cpuMs / STREAMS);
  console.log(`\nchunks ${chunkDelayMs === 0 ? 'written at once' : `${chunkDelayMs} ms apart`}:`);
  console.log('| model | CPU ms a stream (each round) |\n|---|---|');
  for (const [name, values] of Object.entries(results))
    console.log(`| ${name} | ${values.map((v) => v.toFixed(2)).join(', ')} |`);
}
child.kill('SIGTERM');
