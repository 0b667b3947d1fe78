import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logging/logger.js';
import { startServer, type Server } from '../src/server.js';

/** Settings the suite always runs the server with, whatever the environment says. */
const FIXED: Record<string, string> = {
  HOST: '127.0.0.1',
  PORT: '0',
  SESSION_STORE: 'memory',
  // Destructive calls wait for the (simulated) person, as in the web chat; the tasks say what the person approves.
  AGENT_APPROVAL: 'destructive',
  SHUTDOWN_GRACE_S: '1',
};

/**
 * Variables of the environment that would change what is measured: another platform or an allowlist that refuses
 * the simulators, API keys, fallback models (a failing model would be measured on another one's answers), external
 * MCP tools, a shared Redis or PostgreSQL.
 */
const DROPPED = [
  'API_KEYS',
  'CMW_BASE_URL',
  'CMW_LOGIN',
  'CMW_PASSWORD',
  'CMW_ALLOWED_BASE_URLS',
  'AGENT_FALLBACK_MODELS',
  'MCP_SERVERS',
  'REDIS_URL',
  'DATABASE_URL',
];

/**
 * Starts the real server in-process, as `npm start` would with `env`, plus the suite's fixed settings: memory
 * sessions, the approval policy of the web chat, no platform of its own (each run names its simulator), and a
 * queue as wide as the suite's concurrency.
 * @param env - the environment (provider keys and URLs, AGENT_* settings)
 * @param concurrency - runs the suite keeps in flight
 */
export async function startEvalServer(
  env: Record<string, string | undefined>,
  concurrency: number,
): Promise<Server> {
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !DROPPED.includes(name)));
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-agent-eval-')),
    ...kept,
    ...FIXED,
    QUEUE_CONCURRENCY: String(concurrency),
    QUEUE_MAX_SIZE: String(Math.max(100, concurrency * 4)),
    QUEUE_TIMEOUT_S: '3600',
  });
  // Warnings go to stderr, apart from the tables on stdout.
  return startServer(config, { logger: createLogger(config.logLevel, process.stderr) });
}
