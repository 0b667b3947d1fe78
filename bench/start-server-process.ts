import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, MAIN_JS } from '../test/helpers/built-server.js';
import { waitReady } from '../test/helpers/start-test-server.js';

/** A server started as its own process (`node dist/main.js`), as `npm start` runs it. */
export interface ServerProcess {
  readonly url: string;
  /** Stops it gracefully (SIGTERM) and removes its `DATA_DIR`. */
  stop(): Promise<void>;
}

/**
 * Starts the built server as a child process on a free loopback port, pointed at an LLM simulator, silent, with
 * a fresh `DATA_DIR` and no LLM retries; resolves once `/readyz` answers 200.
 * @param simUrl - the simulator's base URL
 * @param env - variables on top of those defaults
 */
export async function startServerProcess(
  simUrl: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-bench-'));
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: simUrl,
      LLM_MAX_RETRIES: '0',
      LOG_LEVEL: 'silent',
      SHUTDOWN_GRACE_S: '1',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Kept for the error of a failed start; a stopping server's notice does not belong in the bench's output.
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, 20_000);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${stderr.trim()}`);
  }
  return { url, stop };
}
