import { measureEfficiency, type EfficiencyResult } from './measure-efficiency.js';
import { measureFileAnalysis, type FileAnalysisResult } from './measure-file-analysis.js';
import { startLlmSimulator, type LlmSimulator, type SimReply } from '../test/sim/llm/llm-simulator.js';
import type { Server } from '../src/server.js';
import { benchAgent } from './bench-agent.js';
import { realisticAnswerChunks } from './bench-answers.js';
import { measureCluster, type ClusterResult } from './measure-cluster.js';
import { measureFirstFrame, type FirstFrameSamples } from './measure-first-frame.js';
import { measureFrames, type FramesResult } from './measure-frames.js';
import { measureRunMemory, type RunMemoryResult } from './measure-run-memory.js';
import { measureSessionMemory, type SessionMemoryResult } from './measure-session-memory.js';
import { measureThroughput, type ThroughputResult } from './measure-throughput.js';
import { startBenchServer } from './start-bench-server.js';

/** What each phase of the suite measures; every phase runs in a fresh process. */
export interface PhaseResults {
  /** First-frame latency and frames per answer, on a server with the defaults. */
  latency: { firstFrame: FirstFrameSamples; framesPaced: FramesResult; framesBurst: FramesResult };
  throughput: ThroughputResult;
  sessionsMemory: SessionMemoryResult;
  sessionsSqlite: SessionMemoryResult;
  /** The single process against 1, 2 and 3 instances on Redis and PostgreSQL, each a process of its own. */
  cluster: ClusterResult;
  /** Heap across 10,000 runs with the defaults. */
  runsDefault: RunMemoryResult;
  /** Time and peak memory of the file tools on a 20 MiB CSV and a 10 MiB XLSX. */
  files: FileAnalysisResult;
  /** The project against two minimal reference servers, each its own process (figure 8). */
  efficiency: EfficiencyResult;
  /** Only with `--extra`: heap across 4,000 runs with `LLM_TIMEOUT_S` short and waited out. */
  runsShortTimeout?: RunMemoryResult;
  /** Only with `--extra`: heap per memory-store session when the answer is the realistic one. */
  sessionsRealistic?: SessionMemoryResult;
  /** Only with `--extra`: heap per kept run (registry not full) when the answer is the realistic one. */
  runsRealistic?: RunMemoryResult;
}

/** A phase's name. */
export type PhaseName = keyof PhaseResults;

/**
 * The phases in the order the suite runs them, in groups: the phases of a group run at the same time (one
 * process each); only memory phases share a group, since timing figures need the machine to themselves.
 */
export const PHASE_GROUPS: readonly (readonly PhaseName[])[] = [
  ['latency'],
  ['throughput'],
  ['cluster'],
  ['runsDefault'],
  ['sessionsMemory', 'sessionsSqlite'],
  ['files'],
  ['efficiency'],
];

/** Phases run only with `--extra` (after the others): they explain a figure rather than add one. */
export const EXTRA_PHASE_GROUPS: readonly (readonly PhaseName[])[] = [
  ['sessionsRealistic', 'runsRealistic'],
  ['runsShortTimeout'],
];

/** The realistic answer of figure 2 and of the extra memory phases: 1,500 characters in 200 chunks. */
export const REALISTIC_ANSWER = { chars: 1500, chunks: 200 } as const;

/**
 * Time limits of the memory phases, s, so that the suite stays within about three minutes even when a run
 * is slow: past it a phase measures at the count it reached.
 */
const MAX_SECONDS = { sessions: 25, runs: 70 };

/** `LLM_TIMEOUT_S` of {@link PhaseResults.runsShortTimeout}. */
export const SHORT_LLM_TIMEOUT_S = 5;

/**
 * Runs one phase of the suite in this process against a fresh LLM simulator (zero delays unless the phase
 * asks for some) and fresh servers.
 * @param name - the phase
 * @param quick - a few requests of each kind instead of the full counts (a smoke test, not figures)
 */
export async function runPhase<N extends PhaseName>(name: N, quick: boolean): Promise<PhaseResults[N]> {
  const sim = await startLlmSimulator();
  try {
    return await phases[name](sim, quick);
  } finally {
    await sim.close();
    await benchAgent.close();
  }
}

const sessionOptions = (store: 'memory' | 'sqlite', quick: boolean) => ({
  store,
  perStep: quick ? 100 : 1000,
  steps: 2,
  concurrency: 10,
  maxSeconds: MAX_SECONDS.sessions,
});

const phases: { [N in PhaseName]: (sim: LlmSimulator, quick: boolean) => Promise<PhaseResults[N]> } = {
  latency: (sim, quick) =>
    withServer(sim, {}, async (server) => {
      const firstFrame = await measureFirstFrame(server.url, sim, {
        warmup: quick ? 10 : 100,
        samples: quick ? 30 : 300,
      });
      const frames = { ...REALISTIC_ANSWER, answers: quick ? 1 : 5 };
      const framesPaced = await measureFrames(server.url, sim, { ...frames, chunkDelayMs: 2 });
      const framesBurst = await measureFrames(server.url, sim, { ...frames, chunkDelayMs: 0 });
      return { firstFrame, framesPaced, framesBurst };
    }),
  files: (_sim, quick) => measureFileAnalysis(quick),
  efficiency: (_sim, quick) => measureEfficiency(quick),
  throughput: (sim, quick) =>
    withServer(sim, { QUEUE_CONCURRENCY: '100', QUEUE_MAX_SIZE: '10000' }, (server) =>
      measureThroughput(server.url, sim, {
        concurrency: 100,
        warmupMs: quick ? 500 : 1500,
        durationMs: quick ? 3000 : 10_000,
      }),
    ),
  cluster: (sim, quick) =>
    measureCluster(sim, {
      instanceCounts: [1, 2, 3],
      firstFrame: { warmup: quick ? 10 : 50, samples: quick ? 30 : 200 },
      throughput: { concurrency: 32, warmupMs: quick ? 500 : 1500, durationMs: quick ? 2000 : 8000 },
    }),
  sessionsMemory: (sim, quick) => measureSessionMemory(sim, sessionOptions('memory', quick)),
  sessionsSqlite: (sim, quick) => measureSessionMemory(sim, sessionOptions('sqlite', quick)),
  runsDefault: (sim, quick) =>
    measureRunMemory(sim, {
      checkpoints: quick ? [100, 200, 500, 1000] : [1000, 2000, 5000, 10_000],
      concurrency: 10,
      maxSeconds: MAX_SECONDS.runs,
    }),
  // Only to show that the growth of runsDefault is the LLM timeout's: fewer runs, past a full registry.
  runsShortTimeout: (sim, quick) =>
    measureRunMemory(sim, {
      checkpoints: quick ? [100, 200, 400] : [1000, 2000, 3000, 4000],
      concurrency: 10,
      maxSeconds: MAX_SECONDS.runs,
      env: { LLM_TIMEOUT_S: String(SHORT_LLM_TIMEOUT_S) },
      settleMs: SHORT_LLM_TIMEOUT_S * 1000 + 200,
    }),
  sessionsRealistic: (sim, quick) =>
    measureSessionMemory(sim, {
      ...sessionOptions('memory', quick),
      steps: 1,
      maxSeconds: MAX_SECONDS.runs,
      reply: realisticReply(),
    }),
  // 200 runs, then 1,000 more: the registry (2,000) is not full yet, so the growth is what 1,000 kept runs cost.
  // The chunks come 1 ms apart, one delta each: what a kept run holds of a real model's answer.
  runsRealistic: (sim, quick) =>
    measureRunMemory(sim, {
      checkpoints: quick ? [50, 150] : [200, 1200],
      concurrency: 10,
      maxSeconds: MAX_SECONDS.runs,
      env: { LLM_TIMEOUT_S: String(SHORT_LLM_TIMEOUT_S) },
      settleMs: SHORT_LLM_TIMEOUT_S * 1000 + 200,
      reply: realisticReply(1),
    }),
};

/**
 * The realistic answer of figure 2. `chunkDelayMs` paces the chunks so that each reaches the server on its own, as a
 * real model's do (back to back, the server's LLM client merges the deltas of one read into one).
 */
function realisticReply(chunkDelayMs = 0): SimReply {
  return { text: realisticAnswerChunks(REALISTIC_ANSWER.chars, REALISTIC_ANSWER.chunks), chunkDelayMs };
}

async function withServer<T>(
  sim: LlmSimulator,
  env: Record<string, string>,
  body: (server: Server) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(sim.url, env);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}
