import type { LlmSimulator } from '../test/sim/llm/llm-simulator.js';
import { askAcross } from './ask-across.js';
import { SHORT_ANSWER } from './bench-answers.js';
import { openConnections } from './open-connections.js';
import { openSimConnections } from './open-sim-connections.js';
import { replyWith } from './reply-with.js';
import { runPool } from './run-pool.js';

/** Outcome of {@link measureThroughput}. */
export interface ThroughputResult {
  readonly concurrency: number;
  /** Length of the measured window, s. */
  readonly seconds: number;
  /** Runs that ended with `complete` within the window. */
  readonly completed: number;
  /** Runs that ended otherwise within the window (refused, `error` frame, or a failed request). */
  readonly errors: number;
  readonly runsPerSecond: number;
  /** POST sent → end of the stream of each run completed within the window, ms. */
  readonly latencies: number[];
  /** The first error seen, for the report. */
  readonly firstError: string | undefined;
  /** The cold first wave (`concurrency` runs at once on new connections): its slowest run, ms. */
  readonly coldWaveMs: number;
}

/**
 * Sustained throughput. First a cold wave of `concurrency` runs at once on new connections (timed on its
 * own); then the client's pool and the server's pool to the simulator are filled with idle connections; then `concurrency` short-answer runs (each a
 * POST and its event stream read to the end) are kept in flight without a break, and the runs that end in a
 * window of `durationMs` are counted. The window opens `warmupMs` after the first `concurrency` runs of this
 * steady phase have all ended (the first wave still opens connections, which is slow under load), at the
 * latest `6 s + warmupMs` after the steady phase began.
 * @param serverUrl - the server's base URL, or the instances of a cluster (see {@link askAcross})
 * @param sim - the simulator the server talks to; its handler is replaced
 */
export async function measureThroughput(
  serverUrl: string | readonly string[],
  sim: LlmSimulator,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<ThroughputResult> {
  replyWith(sim, { text: SHORT_ANSWER });
  const { concurrency } = options;
  let coldWaveMs = 0;
  await runPool({ concurrency, count: concurrency }, async (i) => {
    const run = await askAcross(serverUrl, i, `Cold question ${i}`);
    coldWaveMs = Math.max(coldWaveMs, run.totalMs);
  });
  // Each run in flight holds a connection for its stream, and its next POST needs another; each run's LLM
  // call needs one to the simulator.
  const urls = typeof serverUrl === 'string' ? [serverUrl] : serverUrl;
  for (const url of urls) await openConnections(url, 2 * concurrency + 10);
  await openSimConnections(sim.url, concurrency + 10);

  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  let firstWaveLeft = concurrency;
  // Opens `warmupMs` after the first wave has ended, or at the latest 6 s after this phase started.
  let windowStart = performance.now() + 6000 + options.warmupMs;
  let windowEnd = windowStart + options.durationMs;
  await runPool({ concurrency, until: () => windowEnd }, async (index) => {
    let outcome: string;
    let ms = 0;
    try {
      const run = await askAcross(serverUrl, index, `Question ${index}: say hello.`);
      outcome = run.finalEvent === 'complete' ? 'ok' : `${run.finalEvent}: ${run.finalText}`;
      ms = run.totalMs;
    } catch (error) {
      outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const end = performance.now();
    if (index < concurrency && --firstWaveLeft === 0 && end + options.warmupMs < windowStart) {
      windowStart = end + options.warmupMs;
      windowEnd = windowStart + options.durationMs;
    }
    if (end < windowStart || end > windowEnd) return;
    if (outcome === 'ok') {
      completed++;
      latencies.push(ms);
    } else {
      errors++;
      firstError ??= outcome;
    }
  });
  const seconds = options.durationMs / 1000;
  return {
    concurrency,
    seconds,
    completed,
    errors,
    runsPerSecond: completed / seconds,
    latencies,
    firstError,
    coldWaveMs,
  };
}
