import type { LlmSimulator, SimReply } from '../test/sim/llm/llm-simulator.js';
import { askStream } from './ask-stream.js';
import { SHORT_ANSWER } from './bench-answers.js';
import { heapUsedAfterGc } from './heap-used-after-gc.js';
import { openConnections } from './open-connections.js';
import { replyWith } from './reply-with.js';
import { runPool } from './run-pool.js';
import { startBenchServer } from './start-bench-server.js';

/** heapUsed after gc at each checkpoint of {@link measureRunMemory}. */
export interface RunMemoryResult {
  /** The server variables that differ from the defaults (besides the queue). */
  readonly env: Record<string, string>;
  /** Runs done at each checkpoint. */
  readonly runs: number[];
  /** heapUsed after gc at each checkpoint, bytes. */
  readonly heapUsed: number[];
  /** Runs kept by the server (`runs.stats.stored`) at each checkpoint. */
  readonly stored: number[];
  /** Runs that did not end with `complete`. */
  readonly errors: number;
  /** The first of those errors, for the report. */
  readonly firstError: string | undefined;
  readonly seconds: number;
  /** Whether the time limit stopped it before the last checkpoint. */
  readonly capped: boolean;
}

/**
 * Memory growth across many runs without a session: a fresh server (default `RUN_MAX_STORED`, so it keeps
 * up to 2,000 ended runs for late readers) runs short answers, `concurrency` at a time, and heapUsed after
 * gc is taken at each checkpoint (run counts, ascending). Past `maxSeconds` it stops early and measures at
 * the count reached, which becomes the last checkpoint.
 * @param sim - the simulator; its handler is replaced
 * @param options.env - server variables on top of `QUEUE_CONCURRENCY=100`, `QUEUE_MAX_SIZE=10000`
 * @param options.settleMs - wait before each measurement (e.g. for `LLM_TIMEOUT_S` timers to fire)
 * @param options.reply - what the model answers; default the short answer
 */
export async function measureRunMemory(
  sim: LlmSimulator,
  options: {
    checkpoints: number[];
    concurrency: number;
    maxSeconds: number;
    env?: Record<string, string>;
    settleMs?: number;
    /** What the model answers; default the short answer. */
    reply?: SimReply;
  },
): Promise<RunMemoryResult> {
  const server = await startBenchServer(sim.url, {
    QUEUE_CONCURRENCY: '100',
    QUEUE_MAX_SIZE: '10000',
    ...options.env,
  });
  const result: RunMemoryResult = {
    env: options.env ?? {},
    runs: [],
    heapUsed: [],
    stored: [],
    errors: 0,
    firstError: undefined,
    seconds: 0,
    capped: false,
  };
  let errors = 0;
  const started = performance.now();
  const until = started + options.maxSeconds * 1000;
  let capped = false;
  let firstError: string | undefined;
  try {
    replyWith(sim, options.reply ?? { text: SHORT_ANSWER });
    await openConnections(server.url, 2 * options.concurrency + 10);
    let done = 0;
    for (const checkpoint of options.checkpoints) {
      const offset = done;
      const added = await runPool(
        { concurrency: options.concurrency, count: checkpoint - done, until },
        async (i) => {
          const run = await askStream(server.url, `Question ${offset + i}: say hello.`);
          if (run.finalEvent === 'complete') return;
          errors++;
          firstError ??= `${run.finalEvent}: ${run.finalText}`;
        },
      );
      done += added;
      capped = done < checkpoint;
      if (added === 0) break;
      result.runs.push(done);
      result.heapUsed.push(await heapUsedAfterGc(options.settleMs));
      result.stored.push(server.runs.stats.stored);
      if (capped) break;
    }
  } finally {
    await server.close();
  }
  return { ...result, errors, firstError, capped, seconds: (performance.now() - started) / 1000 };
}
