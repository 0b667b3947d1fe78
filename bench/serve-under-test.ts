/**
 * A server under test for the efficiency benchmark (`measure-efficiency.ts`), in a process of its own on plain
 * `node` (compiled by `compile-for-node.ts`, started in the repository's directory):
 * `node --expose-gc <compiled serve-under-test.js> <project|baseline|bare|ai-sdk> <llm base URL>`. It prints
 * `{"url": …}` on its first stdout line and answers the parent's IPC `stats` messages with its heap (after a full
 * GC when asked), RSS, CPU time and event-loop delay since the last `reset-delay`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as ConfigModuleType from '../src/config/config.js';
import type * as LoggerModuleType from '../src/logging/logger.js';
import type * as ServerModuleType from '../src/server.js';

type ConfigModule = typeof ConfigModuleType;
type LoggerModule = typeof LoggerModuleType;
type ServerModule = typeof ServerModuleType;

/** What the parent asks. */
export type ServeRequest =
  | { type: 'stats'; gc: boolean }
  | { type: 'reset-delay' }
  /** Writes a heap snapshot (after a full GC) to `file`, for finding what an in-flight run holds. */
  | { type: 'heap-snapshot'; file: string };

/** What the child answers to `stats`. */
export interface ServeStats {
  readonly heapUsed: number;
  readonly heapTotal: number;
  /** Memory of Buffers and ArrayBuffers, outside the heap. */
  readonly arrayBuffers: number;
  readonly rss: number;
  /** User + system CPU time since start, ms. */
  readonly cpuMs: number;
  /** Event-loop delay since the last `reset-delay`, ms. */
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
}

/** The kinds of server this can start. */
export type ServedKind = 'project' | 'baseline' | 'bare' | 'ai-sdk';

const [kind, llmUrl] = process.argv.slice(2) as [ServedKind, string];
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();

async function start(): Promise<string> {
  // Each kind loads only its own modules, so that none holds another's in memory.
  if (kind === 'bare' || kind === 'ai-sdk') {
    const { startCallServer } = await import('./reference/call-server-core.js');
    const source =
      kind === 'bare'
        ? (await import('./reference/bare-answer-source.js')).bareAnswerSource(llmUrl)
        : (await import('./reference/ai-sdk-answer-source.js')).aiSdkAnswerSource(llmUrl);
    return (await startCallServer(source)).url;
  }
  // The built server, as `npm start` runs it (built by `npm run bench`).
  // `baseline`: another build of the project (BENCH_BASELINE_DIST, e.g. an older commit's `dist`), for before/after.
  const dist = path.resolve(kind === 'baseline' ? process.env.BENCH_BASELINE_DIST! : 'dist');
  const { loadConfig } = (await import(path.join(dist, 'config/config.js'))) as ConfigModule;
  const { createLogger } = (await import(path.join(dist, 'logging/logger.js'))) as LoggerModule;
  const { startServer } = (await import(path.join(dist, 'server.js'))) as ServerModule;
  const server = await startServer(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: llmUrl,
      OPENAI_API_KEY: 'bench',
      LLM_MAX_RETRIES: '0',
      SESSION_STORE: 'memory',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cmw-bench-eff-')),
      QUEUE_CONCURRENCY: '2000',
      QUEUE_MAX_SIZE: '20000',
      MAX_CONNECTIONS: '20000',
      MAX_CONNECTIONS_PER_IP: '20000',
    }),
    { logger: createLogger('silent') },
  );
  return server.url;
}

const url = await start();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on('message', (message: ServeRequest) => {
  if (message.type === 'heap-snapshot') {
    global.gc?.();
    writeHeapSnapshot(message.file);
    process.send!({ type: 'ok' });
    return;
  }
  if (message.type === 'reset-delay') {
    delay.reset();
    process.send!({ type: 'ok' });
    return;
  }
  if (message.gc) global.gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const stats: ServeStats = {
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    arrayBuffers: memory.arrayBuffers,
    rss: memory.rss,
    cpuMs: (cpu.user + cpu.system) / 1000,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
  };
  process.send!(stats);
});
process.on('disconnect', () => process.exit(0));
