/**
 * Heap snapshots of the built server with N slow runs in flight: `npx tsx bench/snapshot-in-flight.ts 200` writes
 * `/tmp/snap-base.heapsnapshot` (after 20 warm-up runs) and `/tmp/snap-200.heapsnapshot` (with 200 streams of 40 s
 * answers in flight, 2 s after every one had its first frame), both after a full GC; then
 * `npx tsx bench/heap-by-constructor.ts /tmp/snap-base.heapsnapshot /tmp/snap-200.heapsnapshot 200` says what an
 * in-flight run holds. The server, the LLM simulator and this client are separate processes, as in figure 8.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { realisticAnswerChunks } from './bench-answers.js';
import { burstAgent, openBurst, spawnWithUrl, startServed } from './measure-efficiency.js';
import { openConnections } from './open-connections.js';
import type { ServeRequest } from './serve-under-test.js';

const runs = Number(process.argv[2] ?? 200);
const sim = await spawnWithUrl(['--import', 'tsx', 'test/sim/llm/main.ts'], { PORT: '0' }, false);
const served = await startServed('project', sim.url);
const snapshot = (name: string) =>
  served.ask({
    type: 'heap-snapshot',
    file: path.join(tmpdir(), `snap-${name}.heapsnapshot`),
  } satisfies ServeRequest);
try {
  const agent = burstAgent();
  await openConnections(served.url, runs + 20, agent);
  // Warm-up, so that what the first runs build once (caches, compiled code) is in the base snapshot.
  await openBurst(served.url, 20, `[[sim:${JSON.stringify({ text: 'warm up', chunkDelayMs: 1 })}]]`, agent)
    .done;
  await snapshot('base');
  const slow = `[[sim:${JSON.stringify({ text: realisticAnswerChunks(3000, 200), chunkDelayMs: 200 })}]]`;
  const burst = openBurst(served.url, runs, slow, agent);
  await burst.firstFrames;
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`${burst.inFlight()} runs in flight`);
  await snapshot(String(runs));
} finally {
  served.child.kill('SIGTERM');
  sim.child.kill('SIGTERM');
}
process.exit(0);
