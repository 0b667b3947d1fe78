import type { LlmSimulator } from '../test/sim/llm/llm-simulator.js';
import { adminQuery, createTestDatabase } from '../test/helpers/postgres-test.js';
import { deleteKeys, openTestRedis, REDIS_TEST_URL, testKeyPrefix } from '../test/helpers/redis-test.js';
import { measureFirstFrame, type FirstFrameSamples } from './measure-first-frame.js';
import { measureThroughput, type ThroughputResult } from './measure-throughput.js';
import { startServerProcess, type ServerProcess } from './start-server-process.js';

/** One deployment the cluster phase measured. */
export interface DeploymentResult {
  /** `single` is the default (one process, SQLite, in-process queue); `cluster` uses Redis and PostgreSQL. */
  readonly mode: 'single' | 'cluster';
  readonly instances: number;
  readonly firstFrame: FirstFrameSamples;
  readonly throughput: ThroughputResult;
}

/** Outcome of {@link measureCluster}: the deployments, or why it could not run. */
export type ClusterResult =
  { readonly deployments: DeploymentResult[]; readonly skipped?: undefined } | { readonly skipped: string };

/**
 * The clustered mode against the single-process default, each instance its own `node dist/main.js` process:
 * first-frame latency (sequential) and throughput (`concurrency` runs in flight) for the single process
 * (SQLite) and for 1, 2 and 3 instances on one Redis and one PostgreSQL (a fresh database and key prefix).
 * With several instances every run is POSTed to one instance and streamed from the next (`askAcross`).
 * Skipped, with the reason, when Redis or PostgreSQL cannot be reached (`REDIS_TEST_URL`, `TEST_DATABASE_URL`).
 * @param sim - the simulator every instance talks to; its handler is replaced
 */
export async function measureCluster(
  sim: LlmSimulator,
  options: {
    instanceCounts: readonly number[];
    firstFrame: { samples: number; warmup: number };
    throughput: { concurrency: number; durationMs: number; warmupMs: number };
  },
): Promise<ClusterResult> {
  const queue = { QUEUE_CONCURRENCY: '100', QUEUE_MAX_SIZE: '10000' };
  const measure = async (urls: string[]) => ({
    firstFrame: await measureFirstFrame(urls, sim, options.firstFrame),
    throughput: await measureThroughput(urls, sim, options.throughput),
  });
  const problem = await backendProblem();
  if (problem !== undefined) return { skipped: problem };
  const deployments: DeploymentResult[] = [];
  const single = await startServerProcess(sim.url, { ...queue, SESSION_STORE: 'sqlite' });
  try {
    deployments.push({ mode: 'single', instances: 1, ...(await measure([single.url])) });
  } finally {
    await single.stop();
  }

  for (const n of options.instanceCounts) {
    const db = await createTestDatabase('cmw_bench');
    const redis = openTestRedis();
    const prefix = testKeyPrefix();
    const env = { ...queue, SESSION_STORE: 'postgres', DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL };
    const instances: ServerProcess[] = [];
    try {
      // One at a time: the first runs the migrations.
      for (let i = 0; i < n; i++)
        instances.push(await startServerProcess(sim.url, { ...env, REDIS_KEY_PREFIX: prefix }));
      deployments.push({ mode: 'cluster', instances: n, ...(await measure(instances.map((i) => i.url))) });
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await db.drop();
    }
  }
  return { deployments };
}

/** Why Redis or PostgreSQL cannot be used, or undefined when both answer. */
async function backendProblem(): Promise<string | undefined> {
  const redis = openTestRedis();
  try {
    await redis.ping();
    await adminQuery('SELECT 1');
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `Redis (${REDIS_TEST_URL}) or PostgreSQL not reachable: ${reason}`;
  } finally {
    redis.disconnect();
  }
}
