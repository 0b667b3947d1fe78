import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { parseSimDirective } from '../sim/llm/parse-sim-directive.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { userWords } from '../helpers/user-words.js';

// Issue 9: the README's examples used a model the simulator set-up refused. Here the README's own `.env` for the
// simulators configures a real server, and every shell example of README.md and docs/*.md that talks to a local
// server runs verbatim in bash against it (only the port differs), and so does every JavaScript / TypeScript one
// (with tsx), so the documents and the product cannot drift apart. A new example needs an expectation below: an
// example without one fails the test. (Python is not installed where the tests run.)

interface CodeBlock {
  readonly file: string;
  readonly lang: string;
  readonly code: string;
}

const DOCUMENTS = [
  'README.md',
  'docs/architecture.md',
  'docs/errors.md',
  'docs/native-api.md',
  'docs/platform-tools.md',
];

function codeBlocks(file: string): CodeBlock[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ file, lang: m[1]!, code: m[2]! }));
}

const SHELL = ['bash', 'sh', 'shell'];
const SCRIPT = ['js', 'ts', 'javascript', 'typescript'];
const LOCAL_SERVER = /\b(127\.0\.0\.1|localhost):7860\b/g;

/** The shell (curl) and JavaScript examples that talk to a server on port 7860, the one `npm start` serves. */
function serverExamples(): CodeBlock[] {
  return DOCUMENTS.flatMap(codeBlocks).filter(
    (b) =>
      ((SHELL.includes(b.lang) && /\bcurl\b/.test(b.code)) || SCRIPT.includes(b.lang)) &&
      new RegExp(LOCAL_SERVER.source).test(b.code),
  );
}

/** The variables the README's "No key? Use the simulators" writes into `.env`. */
function readmeSimulatorEnv(): Record<string, string> {
  const block = codeBlocks('README.md').find((b) => b.code.startsWith("cat > .env <<'EOF'\n"));
  if (block === undefined) throw new Error('README.md has no `cat > .env` block for the simulators');
  const body = block.code.slice(block.code.indexOf('\n') + 1, block.code.indexOf('\nEOF\n'));
  return Object.fromEntries(
    body.split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

interface SseFrame {
  event: string;
  data: string;
}

/** The SSE frames in a script's output (several streams may follow one another). */
function sseFrames(output: string): SseFrame[] {
  return output
    .split(/\n\n+/)
    .map((chunk) => {
      const lines = chunk.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      return { event, data: data.join('\n') };
    })
    .filter((frame) => frame.data !== '');
}

/** The `data` of the `complete` events of a `/call` stream, parsed. */
function completed(output: string): unknown[] {
  return sseFrames(output)
    .filter((f) => f.event === 'complete')
    .map((f) => JSON.parse(f.data) as unknown);
}

let llm: LlmSimulator;
let platform: PlatformSimulator;
let server: TestServer;
const env = readmeSimulatorEnv();

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator();
  // The README's .env as written; the simulators listen on free ports here rather than on 11435 and 8081.
  server = await startTestServer({
    ...env,
    OPENAI_BASE_URL: env.OPENAI_BASE_URL!.replace('http://127.0.0.1:11435/v1', llm.url),
    CMW_BASE_URL: env.CMW_BASE_URL!.replace('http://127.0.0.1:8081', platform.url),
  });
  await waitReady(server.url);
});
afterAll(async () => {
  await server?.close();
  await llm?.close();
  await platform?.close();
});

/**
 * Runs an example on this server as a reader would: a shell one pasted into bash, a script one saved as a file of a
 * project that has this repository's packages and run with tsx. The API_KEY the examples mention is unset.
 */
async function runExample(example: CodeBlock): Promise<string> {
  const code = example.code.replaceAll(LOCAL_SERVER, `127.0.0.1:${new URL(server.url).port}`);
  const { API_KEY: _unset, ...environment } = process.env;
  const options = { encoding: 'utf8' as const, timeout: 30_000, env: environment };
  // Asynchronously: the simulators live in this process and must keep answering.
  if (SHELL.includes(example.lang)) {
    // In a folder of its own, as a reader's shell would be: files an example writes stay out of the repository.
    const dir = mkdtempSync(path.join(tmpdir(), 'cmw-readme-shell-'));
    try {
      return (await promisify(execFile)('bash', ['-c', code], { ...options, cwd: dir })).stdout;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const project = mkdtempSync(path.join(tmpdir(), 'cmw-readme-example-'));
  try {
    symlinkSync(path.resolve('node_modules'), path.join(project, 'node_modules'), 'dir');
    writeFileSync(path.join(project, 'example.mts'), code);
    const tsx = path.resolve('node_modules/.bin/tsx');
    return (await promisify(execFile)(tsx, ['example.mts'], { ...options, cwd: project })).stdout;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** What each example must print, found by a phrase only that example contains. */
const EXPECTATIONS: { readonly marker: string; readonly check: (output: string) => void }[] = [
  {
    marker: 'readme-mcp-example',
    check: (output) => {
      // The SDK's own client lists the tools and calls one on the platform simulator over /mcp.
      expect(output).toMatch(/^57 tools: get_current_datetime, list_applications, /);
      expect(output).toContain('ask_copilot');
      expect(output).toContain('HR');
      expect(platform.requests.some((r) => r.decodedPath === '/webapi/Solution')).toBe(true);
    },
  },
  {
    marker: '\\"name\\": \\"list_applications\\"',
    check: (output) => {
      const [answer] = completed(output) as [string][];
      expect(answer?.[0]).toMatch(/^Tool results: /);
      // The tool reached the platform simulator: its seeded applications are in the answer.
      expect(answer?.[0]).toContain('"alias":"HR"');
      expect(answer?.[0]).toContain('Fleet');
      const listed = platform.requests.filter(
        (r) => r.method === 'GET' && r.decodedPath === '/webapi/Solution',
      );
      expect(listed).toHaveLength(1);
      // The output the README shows, with each … standing for anything.
      const shown = codeBlocks('README.md').find((b) => b.lang === '' && b.code.includes('Tool results: '));
      const pattern = shown!.code
        .trim()
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      expect(output.trim()).toMatch(new RegExp(`^${pattern}$`, 's'));
    },
  },
  {
    marker: '/api/files -H "X-Client-Key: $KEY" -F "file=@staff.csv"',
    check: (output) => {
      const posted = JSON.parse(output) as {
        session_id: string;
        files: { name: string; media_type: string }[];
      };
      expect(posted.session_id).toMatch(/^[0-9a-f]{32}$/);
      expect(posted.files).toEqual([expect.objectContaining({ name: 'staff.csv', media_type: 'text/csv' })]);
    },
  },
  {
    marker: '"What can you do?"',
    check: (output) => {
      const frames = sseFrames(output);
      expect(frames.at(-1)).toEqual({ event: 'complete', data: '["Echo: What can you do?"]' });
      expect(frames.filter((f) => f.event === 'generating').at(-1)?.data).toBe('["Echo: What can you do?"]');
    },
  },
  {
    marker: '/call/ask \\\n  -H "Content-Type: application/json" \\\n  -d \'{"data": ["List my applications"',
    check: (output) => {
      expect(sseFrames(output)).toEqual([{ event: 'complete', data: '["Echo: List my applications"]' }]);
    },
  },
  {
    marker: 'My name is Alice',
    check: (output) => {
      expect(completed(output)).toEqual([['Echo: My name is Alice'], ['Echo: What is my name?']]);
      // The second question reached the model with the first turn before it: one conversation.
      const second = llm.requests.findLast((r) =>
        JSON.stringify(r.body.messages).includes('What is my name?'),
      );
      const said = (second?.body.messages as { role: string; content: unknown }[]).map(
        (m) =>
          `${m.role}: ${typeof m.content === 'string' ? userWords(m.content) : JSON.stringify(m.content)}`,
      );
      expect(said).toEqual(
        expect.arrayContaining([
          expect.stringContaining('user: My name is Alice'),
          'assistant: Echo: My name is Alice',
          expect.stringContaining('user: What is my name?'),
        ]),
      );
    },
  },
  {
    marker: '/v1/chat/completions',
    check: (output) => {
      // curl prints the JSON answer without a newline; the stream follows it.
      const split = output.indexOf('data: ');
      expect(JSON.parse(output.slice(0, split))).toMatchObject({
        object: 'chat.completion',
        model: 'qwen/qwen3.6-plus',
        choices: [{ message: { content: 'Echo: List my applications' }, finish_reason: 'stop' }],
      });
      const data = sseFrames(output.slice(split)).map((f) => f.data);
      expect(data.at(-1)).toBe('[DONE]');
      const chunks = data
        .slice(0, -1)
        .map((d) => JSON.parse(d) as { choices: { delta: { content?: string } }[] });
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
        'Echo: List my applications',
      );
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    },
  },
  {
    marker: "import { Client } from '@gradio/client'",
    check: (output) => {
      const lines = output.trim().split('\n');
      // predict's answer, then every value of the stream: the answer so far, the whole answer last.
      expect(lines[0]).toBe('Echo: List my applications');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect('Echo: What can you do?'.startsWith(line)).toBe(true);
      expect(lines.at(-1)).toBe('Echo: What can you do?');
    },
  },
  {
    marker: "import OpenAI from 'openai'",
    check: (output) => {
      expect(output).toBe('Echo: List my applications');
    },
  },
  {
    marker: '/api/runs',
    check: (output) => {
      const events = sseFrames(output).map((f) => JSON.parse(f.data) as { type: string; status?: string });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
      expect(JSON.stringify(events)).toContain('Echo: What time is it in Moscow?');
    },
  },
];

describe('the examples of README.md and docs/*.md, run verbatim against the simulators', () => {
  const examples = serverExamples();

  it('are found, and each has an expectation', () => {
    expect(examples.length).toBeGreaterThanOrEqual(EXPECTATIONS.length);
    for (const example of examples) {
      const matches = EXPECTATIONS.filter((e) => example.code.includes(e.marker));
      expect(matches, `${example.file}:\n${example.code}`).toHaveLength(1);
    }
    for (const expectation of EXPECTATIONS) {
      expect(
        examples.filter((e) => e.code.includes(expectation.marker)),
        expectation.marker,
      ).toHaveLength(1);
    }
  });

  it.each(examples.map((e) => [`${e.file}: ${e.code.split('\n')[0]!.slice(0, 60)}`, e] as const))(
    '%s',
    async (_name, example) => {
      const expectation = EXPECTATIONS.find((e) => example.code.includes(e.marker))!;
      const output = await runExample(example);
      expectation.check(output);
    },
  );
});

describe("the README's simulator directives", () => {
  const readme = readFileSync('README.md', 'utf8');
  const rows = [...readme.matchAll(/^\| `(\w+)` +\|[^|]*\| `(\[\[sim:.*\]\][^`]*)` +\|$/gm)].map((m) => ({
    key: m[1]!,
    example: m[2]!,
  }));

  it('list every key the simulator reads, each with an example it accepts', () => {
    expect(rows.map((r) => r.key)).toEqual([
      'text',
      'toolCalls',
      'finishReason',
      'usage',
      'firstChunkDelayMs',
      'chunkDelayMs',
      'error',
      'cutAfterChunks',
      'hangAfterChunks',
      'streamErrorAfterChunks',
    ]);
    for (const { key, example } of rows) {
      const directive = parseSimDirective(example);
      expect(directive, example).toMatchObject({ ok: true });
      if (directive?.ok) expect(Object.keys(directive.reply), example).toContain(key);
    }
  });
});

describe('npm run sim', () => {
  it('starts both simulators and prints the .env lines the README gives', async () => {
    const child = spawn('npm', ['run', '--silent', 'sim'], {
      env: { ...process.env, SIM_LLM_PORT: '0', SIM_PLATFORM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    let llmUrl = '';
    let platformUrl = '';
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('Ctrl+C stops both.');
      const printed = Object.fromEntries(
        [...output.matchAll(/^ {2}([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const),
      );
      expect(Object.keys(printed)).toEqual(Object.keys(env));
      llmUrl = printed.OPENAI_BASE_URL!;
      platformUrl = printed.CMW_BASE_URL!;
      // Only the ports differ from the README (here 0 asked for free ones).
      expect({ ...printed, OPENAI_BASE_URL: '', CMW_BASE_URL: '' }).toEqual({
        ...env,
        OPENAI_BASE_URL: '',
        CMW_BASE_URL: '',
      });
      expect(llmUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = (await (await fetch(`${llmUrl}/models`)).json()) as { object: string };
      expect(models.object).toBe('list');
      const auth = Buffer.from(`${printed.CMW_LOGIN}:${printed.CMW_PASSWORD}`).toString('base64');
      const solutions = await fetch(`${platformUrl}/webapi/Solution`, {
        headers: { authorization: `Basic ${auth}` },
      });
      expect(solutions.status).toBe(200);
    } finally {
      // Ctrl+C reaches the whole process group: npm, tsx and the simulators.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
    }
    await exited;
    expect(output).toContain('simulators stopped');
    await expect(fetch(`${llmUrl}/models`)).rejects.toThrow();
    await expect(fetch(platformUrl)).rejects.toThrow();
  });
});
