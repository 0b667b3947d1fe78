import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { ask } from '../helpers/call-client.js';
import { waitReady } from '../helpers/start-test-server.js';
import { freePort, listFiles, ensureServerBuilt } from '../helpers/built-server.js';

/**
 * The server as a user runs it: the built `dist/main.js` in its own process, configured by a `.env` file in its
 * working directory, driven by the README's curl commands through a real shell.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/main.js');
const API_KEY = 'sk-proc-secret-key-4242';
const PASSWORD = 'P@ss-proc-secret-987';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/=+$/, '');
/** The key, the password and every form the server makes of it (unpadded base64 also finds the padded one). */
const SECRETS: Record<string, string> = {
  'LLM key': API_KEY,
  password: PASSWORD,
  'URL-encoded password': encodeURIComponent(PASSWORD),
  'base64 password': b64(PASSWORD),
  'Basic token': b64(`bob:${PASSWORD}`),
};
/** The names of the secrets a text or file holds. */
const secretsIn = (text: string | Buffer) =>
  Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);

let sim: LlmSimulator;
let workDir: string;
let port: number;
let output = '';

function startProcess(): ChildProcess {
  const child = spawn(process.execPath, [MAIN], {
    cwd: workDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return child;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function readmeCurlBlocks(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((b) => b.includes('/call/'));
}

beforeAll(async () => {
  ensureServerBuilt();
  sim = await startLlmSimulator();
  port = await freePort();
  workDir = mkdtempSync(path.join(tmpdir(), 'cmw-agent-proc-'));
  writeFileSync(
    path.join(workDir, '.env'),
    [
      `PORT=${port}`,
      'AGENT_PROVIDER=openai',
      `OPENAI_BASE_URL=${sim.url}`,
      `OPENAI_API_KEY=${API_KEY}`,
      'LOG_LEVEL=debug',
      'LLM_MAX_RETRIES=0',
    ].join('\n'),
  );
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

describe('the built server, started as the README says', () => {
  it('serves the README curl examples verbatim, persists history across a restart, and stops cleanly', async () => {
    const url = `http://127.0.0.1:${port}`;
    let child = startProcess();
    try {
      await waitReady(url);
      const blocks = readmeCurlBlocks();
      expect(blocks.length).toBeGreaterThanOrEqual(3);
      for (const block of blocks) {
        const script = block.replaceAll('127.0.0.1:7860', `127.0.0.1:${port}`);
        // Asynchronously: the LLM simulator lives in this process and must keep answering.
        const { stdout: out } = await promisify(execFile)('bash', ['-c', script], {
          encoding: 'utf8',
          timeout: 20_000,
        });
        expect(out, block).toMatch(/^event: complete\ndata: \["(Echo|Tool results): /m);
        expect(out).not.toMatch(/event: error/);
      }
      // The conversation example: the second question saw the first.
      expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).toContain('My name is Alice');

      // Credentials in data[1..3] and an LLM that rejects the key.
      const failed = await ask(url, [
        '[[sim:{"error":{"status":401}}]] hi',
        'bob',
        PASSWORD,
        'https://cmw.example.com',
      ]);
      expect(failed.final.event).toBe('error');
      expect((failed.final.data as string[])[0]).toMatch(/OPENAI_API_KEY/);
      await ask(url, ['remember 7311', 'bob', PASSWORD, 'https://cmw.example.com'], {
        sessionHash: 'proc-session',
      });

      expect(await stop(child)).toBe(0);
      child = startProcess();
      await waitReady(url);
      await ask(url, ['what number?'], { sessionHash: 'proc-session' });
      expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).toContain('remember 7311');
    } finally {
      expect(await stop(child)).toBe(0);
    }

    // Nothing the server wrote — logs, the database, its WAL — nor what it sent the LLM contains the key, the
    // password or a form of it.
    expect(output).toContain('listening');
    expect(secretsIn(output)).toEqual([]);
    expect(secretsIn(JSON.stringify(sim.requests.map((r): unknown => r.body)))).toEqual([]);
    for (const file of listFiles(workDir)) {
      if (file.endsWith('.env')) continue;
      expect(secretsIn(readFileSync(file)), file).toEqual([]);
    }
    expect(listFiles(workDir).some((f) => f.endsWith('sessions.sqlite'))).toBe(true);
  }, 60_000);
});
