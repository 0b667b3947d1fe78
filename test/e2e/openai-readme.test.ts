import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

const API_KEY = 'readme-example-key';
let sim: LlmSimulator;
let server: TestServer;

/** The README's curl examples of the OpenAI-compatible API. */
function readmeOpenAiBlocks(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((b) => b.includes('/v1/chat/completions'));
}

beforeAll(async () => {
  sim = await startLlmSimulator();
  // The README names OpenRouter's default model; the simulator answers to any name.
  server = await startTestServer(
    simEnv(sim.url, { AGENT_DEFAULT_MODEL: 'qwen/qwen3.6-plus', API_KEYS: API_KEY }),
  );
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

describe('the README', () => {
  it('has OpenAI curl examples that work verbatim (with API_KEY set)', async () => {
    const blocks = readmeOpenAiBlocks();
    expect(blocks).toHaveLength(1);
    const script = blocks[0]!.replaceAll('http://127.0.0.1:7860', server.url);
    // Asynchronously: the LLM simulator lives in this process and must keep answering.
    const { stdout } = await promisify(execFile)('bash', ['-c', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, API_KEY },
    });
    // curl prints the JSON answer without a newline; the stream follows it.
    const split = stdout.indexOf('data: ');
    expect(JSON.parse(stdout.slice(0, split))).toMatchObject({
      object: 'chat.completion',
      model: 'qwen/qwen3.6-plus',
      choices: [{ message: { content: 'Echo: List my applications' }, finish_reason: 'stop' }],
    });
    const data = stdout
      .slice(split)
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6));
    expect(data.at(-1)).toBe('[DONE]');
    expect(JSON.parse(data.at(-2)!)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
  });
});
