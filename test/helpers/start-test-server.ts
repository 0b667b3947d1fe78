import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startServer, type Server } from '../../src/server.js';

/** A server started in-process on an ephemeral port, with its log lines captured. */
export interface TestServer extends Server {
  /** Every log line the server wrote so far. */
  logText(): string;
}

/**
 * Starts the real server (real sockets) with test defaults: memory sessions, no retries, quick heartbeats off.
 * @param env - variables on top of the defaults, as they would be in the environment
 */
export async function startTestServer(env: Record<string, string | undefined>): Promise<TestServer> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    SESSION_STORE: 'memory',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-agent-test-')),
    LLM_MAX_RETRIES: '0',
    SHUTDOWN_GRACE_S: '1',
    ...env,
  });
  const sink = new PassThrough();
  const lines: string[] = [];
  sink.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const server = await startServer(config, { logger: createLogger(config.logLevel, sink) });
  return Object.assign(server, { logText: () => lines.join('') });
}

/** Environment that points the `openai` provider at an LLM simulator. */
export function simEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AGENT_PROVIDER: 'openai',
    OPENAI_BASE_URL: simUrl,
    OPENAI_API_KEY: 'sk-test-secret-key-123',
    ...extra,
  };
}

/** Polls `/readyz` until it answers 200. */
export async function waitReady(url: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    await r?.text();
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`${url} did not become ready`);
}
