import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQLITE_FILE } from '../src/sessions/sqlite-session-store.js';
import type { LlmSimulator, SimReply } from '../test/sim/llm/llm-simulator.js';
import { askStream } from './ask-stream.js';
import { SHORT_ANSWER } from './bench-answers.js';
import { heapUsedAfterGc } from './heap-used-after-gc.js';
import { openConnections } from './open-connections.js';
import { replyWith } from './reply-with.js';
import { runPool } from './run-pool.js';
import { sqliteLogicalBytes } from './sqlite-logical-bytes.js';
import { startBenchServer } from './start-bench-server.js';

/** Heap (and for SQLite, database size) at each session count of {@link measureSessionMemory}. */
export interface SessionMemoryResult {
  readonly store: 'memory' | 'sqlite';
  /** Sessions added at each point, starting with 0 (after 100 warm-up sessions). */
  readonly sessions: number[];
  /** heapUsed after gc at each point, bytes. */
  readonly heapUsed: number[];
  /** Logical database size at each point, bytes (SQLite only). */
  readonly databaseBytes: number[];
  /** Runs that did not end with `complete`. */
  readonly errors: number;
  /** Whether the time limit stopped it before the last step. */
  readonly capped: boolean;
}

/** `LLM_TIMEOUT_S` of the session runs: each run's LLM call holds ~2 KiB until this timer fires. */
const LLM_TIMEOUT_S = 3;

/**
 * Memory per stored session: a fresh server with the given store runs one short turn in each of `perStep`
 * new sessions (distinct `session_hash`), `steps` times, measuring heapUsed after gc (and the SQLite size)
 * before and after each step; past `maxSeconds` it stops early and measures at the count reached. Only the store is meant to count: `RUN_MAX_STORED` is kept small so kept run
 * logs do not, and `LLM_TIMEOUT_S` is short and waited out before each measurement, because every run's
 * LLM call stays reachable until that timer fires (see BENCHMARKS.md).
 * @param sim - the simulator; its handler is replaced
 */
export async function measureSessionMemory(
  sim: LlmSimulator,
  options: {
    store: 'memory' | 'sqlite';
    perStep: number;
    steps: number;
    concurrency: number;
    maxSeconds: number;
    /** What the model answers; default the short answer. */
    reply?: SimReply;
  },
): Promise<SessionMemoryResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-agent-bench-'));
  const server = await startBenchServer(sim.url, {
    SESSION_STORE: options.store,
    DATA_DIR: dataDir,
    QUEUE_CONCURRENCY: '100',
    QUEUE_MAX_SIZE: '10000',
    RUN_MAX_STORED: '200',
    LLM_TIMEOUT_S: String(LLM_TIMEOUT_S),
  });
  const result: SessionMemoryResult = {
    store: options.store,
    sessions: [],
    heapUsed: [],
    databaseBytes: [],
    errors: 0,
    capped: false,
  };
  const until = performance.now() + options.maxSeconds * 1000;
  let errors = 0;
  let capped = false;
  try {
    replyWith(sim, options.reply ?? { text: SHORT_ANSWER });
    await openConnections(server.url, 2 * options.concurrency + 10);
    // Warm up the code paths, the store and its tables with sessions of their own; the figures count the
    // sessions added after that.
    await runPool({ concurrency: options.concurrency, count: 100 }, async (i) => {
      await askStream(server.url, `Warm-up question ${i}`, { sessionHash: `bench-warm-up-${i}` });
    });
    const measure = async (sessions: number) => {
      result.sessions.push(sessions);
      result.heapUsed.push(await heapUsedAfterGc(LLM_TIMEOUT_S * 1000 + 200));
      if (options.store === 'sqlite')
        result.databaseBytes.push(sqliteLogicalBytes(path.join(dataDir, SQLITE_FILE)));
    };
    await measure(0);
    let sessions = 0;
    for (let step = 1; step <= options.steps && !capped; step++) {
      const target = step * options.perStep;
      const offset = sessions;
      const started = await runPool(
        { concurrency: options.concurrency, count: target - offset, until },
        async (i) => {
          const n = offset + i;
          const run = await askStream(server.url, `Session ${n}: what is the status of my application?`, {
            sessionHash: `bench-session-${n.toString().padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`,
          });
          if (run.finalEvent !== 'complete') errors++;
        },
      );
      sessions = offset + started;
      capped = sessions < target;
      if (started > 0) await measure(sessions);
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { ...result, errors, capped };
}
