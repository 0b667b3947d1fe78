import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import { askStream } from './ask-stream.js';
import { compileForNode } from './compile-for-node.js';
import { openConnections } from './open-connections.js';
import { realisticAnswerChunks, SHORT_ANSWER } from './bench-answers.js';
import { percentile } from './percentile.js';
import { runPool } from './run-pool.js';
import type { ServedKind, ServeRequest, ServeStats } from './serve-under-test.js';

const REPO = path.resolve(import.meta.dirname, '..');
/** The servers compared; `baseline` (another build of the project) only when BENCH_BASELINE_DIST names one. */
const KINDS: readonly ServedKind[] = [
  'project',
  ...(process.env.BENCH_BASELINE_DIST ? (['baseline'] as const) : []),
  'bare',
  'ai-sdk',
];

/** Figures of one server under test. */
export interface EfficiencyRow {
  readonly kind: ServedKind;
  /** Runs/s of each throughput round (N runs of 100-chunk answers, C clients, zero-delay LLM). */
  readonly runsPerSecond: number[];
  /** Server CPU per run in the throughput rounds, ms (median of the rounds). */
  readonly cpuMsPerRun: number;
  /** POST → first `generating` frame, sequential short answers, ms. */
  readonly firstFrameP50Ms: number;
  readonly firstFrameP99Ms: number;
  /** Slow streams started at once, and how many were in flight (first frame received, not ended) when memory was read. */
  readonly burst: number;
  /** From opening the burst until every stream had its first frame, s. */
  readonly allFirstS: number;
  readonly inFlight: number;
  /** Heap after a full GC with the streams in flight, minus before, per stream, KiB. */
  readonly heapKiBPerRun: number;
  /** Resident set size with the streams in flight, MiB. */
  readonly rssMiB: number;
  /** Event-loop delay in the server while the burst started (until every first frame), ms. */
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** `GET /healthz` latency seen by a prober every 20 ms during that time, ms. */
  readonly healthP99Ms: number;
}

/** Outcome of {@link measureEfficiency}. */
export interface EfficiencyResult {
  readonly rows: EfficiencyRow[];
  readonly throughputRuns: number;
  readonly throughputClients: number;
}

interface Served {
  readonly kind: ServedKind;
  readonly url: string;
  readonly child: ChildProcess;
  ask(message: ServeRequest): Promise<ServeStats>;
}

/** Starts a process that prints its URL as the first stdout line (JSON `{url}` or a line ending in the URL). */
export async function spawnWithUrl(
  args: string[],
  env: Record<string, string>,
  ipc: boolean,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  const url = first.startsWith('{')
    ? (JSON.parse(first) as { url: string }).url
    : first.slice(first.lastIndexOf(' ') + 1);
  return { child, url };
}

/**
 * Starts a server under test in a process of its own, on plain `node` as `npm start` runs the server (see
 * `compile-for-node.ts`).
 */
export async function startServed(kind: ServedKind, llmUrl: string): Promise<Served> {
  const { child, url } = await spawnWithUrl(
    ['--expose-gc', await compileForNode('bench/serve-under-test.ts'), kind, llmUrl],
    {},
    true,
  );
  return {
    kind,
    url,
    child,
    ask: (message) =>
      new Promise((resolve) => {
        child.once('message', (answer) => resolve(answer as ServeStats));
        child.send(message);
      }),
  };
}

/** The client pool of a burst: a connection per stream, kept alive through the slow answers. */
export const burstAgent = () =>
  new Agent({ keepAliveTimeout: 120_000, keepAliveMaxTimeout: 120_000, connectTimeout: 60_000 });

const directive = (reply: object) => `[[sim:${JSON.stringify(reply)}]]`;

/**
 * Opens `count` slow streams at once (POST then GET each) and resolves `firstFrames` when every one has had its
 * first `generating` frame or failed (or 60 s passed); the streams go on in the background until `done`.
 */
export function openBurst(url: string, count: number, question: string, agent: Agent) {
  let first = 0;
  let ended = 0;
  let failed = 0;
  let firstError: string | undefined;
  let resolveAll: () => void = () => undefined;
  const allFirst = new Promise<void>((resolve) => (resolveAll = resolve));
  const settle = () => {
    if (first + failed === count) resolveAll();
  };
  const oneStream = async (i: number): Promise<void> => {
    const post = await request(`${url}/call/ask_stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [`${question} #${i}`] }),
      dispatcher: agent,
    });
    const { event_id } = (await post.body.json()) as { event_id: string };
    const response = await request(`${url}/call/ask_stream/${event_id}`, { dispatcher: agent });
    let seen = false;
    const parser = createParser({
      onEvent: (event) => {
        if (seen || event.event !== 'generating') return;
        seen = true;
        first++;
        settle();
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as AsyncIterable<Buffer>)
      parser.feed(decoder.decode(chunk, { stream: true }));
    ended++;
  };
  const done = Promise.all(
    Array.from({ length: count }, (_, i) =>
      oneStream(i).catch((error: unknown) => {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
        settle();
      }),
    ),
  );
  return {
    firstFrames: Promise.race([allFirst, new Promise<void>((r) => setTimeout(r, 60_000))]),
    /** Streams that have had their first frame and not ended. */
    inFlight: () => first - ended,
    failed: () => ({ count: failed, first: firstError }),
    done,
  };
}

/**
 * The project's server against two minimal `/call` servers doing the least such a server can do — one with a bare
 * `fetch` of the LLM, one with the AI SDK's `streamText` (no tools) — each in its own process, the LLM simulator in
 * another, all live at once and measured in turn: throughput, first-frame latency, memory and event-loop delay under
 * a burst of slow streams. Issue 14's figures.
 */
export async function measureEfficiency(quick: boolean): Promise<EfficiencyResult> {
  const runs = quick ? 40 : 200;
  const clients = 32;
  const rounds = quick ? 1 : 3;
  const sequential = quick ? 40 : 300;
  const burst = quick ? 100 : 1000;
  const sim = await spawnWithUrl(['--import', 'tsx', 'test/sim/llm/main.ts'], { PORT: '0' }, false);
  const served: Served[] = [];
  try {
    for (const kind of KINDS) served.push(await startServed(kind, sim.url));
    const longAnswer = directive({ text: realisticAnswerChunks(1500, 100) });
    const shortAnswer = directive({ text: SHORT_ANSWER, chunkDelayMs: 0 });
    // 40 s streams: longer than starting a thousand takes, so all are in flight when memory is read.
    const slowAnswer = directive({ text: realisticAnswerChunks(3000, 200), chunkDelayMs: 200 });

    // Warm-up: JIT, connection pools.
    for (const s of served)
      await runPool({ concurrency: clients, count: clients * 2 }, (i) =>
        askStream(s.url, `${longAnswer} warm ${i}`).then(() => undefined),
      );

    const perRound = new Map<ServedKind, { rps: number[]; cpu: number[] }>(
      KINDS.map((k) => [k, { rps: [], cpu: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      for (const s of [...served.slice(round % served.length), ...served.slice(0, round % served.length)]) {
        const before = await s.ask({ type: 'stats', gc: false });
        const started = performance.now();
        let failed = 0;
        await runPool({ concurrency: clients, count: runs }, async (i) => {
          const r = await askStream(s.url, `${longAnswer} q${round}-${i}`);
          if (r.finalEvent !== 'complete') failed++;
        });
        const seconds = (performance.now() - started) / 1000;
        const after = await s.ask({ type: 'stats', gc: false });
        if (failed > 0) throw new Error(`${s.kind}: ${failed} of ${runs} runs did not complete`);
        perRound.get(s.kind)!.rps.push(runs / seconds);
        perRound.get(s.kind)!.cpu.push((after.cpuMs - before.cpuMs) / runs);
      }
    }

    const first = new Map<ServedKind, number[]>(KINDS.map((k) => [k, []]));
    for (let i = 0; i < sequential + 30; i++) {
      for (const s of served) {
        const r = await askStream(s.url, `${shortAnswer} ${i}`);
        if (i >= 30 && r.firstFrameMs !== undefined) first.get(s.kind)!.push(r.firstFrameMs);
      }
    }

    const rows: EfficiencyRow[] = [];
    for (const s of served) {
      const agent = burstAgent();
      // The connections are opened first (idle, kept alive), as a busy server's clients and proxies keep theirs:
      // what is measured is starting the runs, not Node accepting a thousand connections at once.
      await openConnections(s.url, burst + 20, agent);
      const base = await s.ask({ type: 'stats', gc: true });
      await s.ask({ type: 'reset-delay' });
      const health: number[] = [];
      let probing = true;
      const prober = (async () => {
        while (probing) {
          const t = performance.now();
          await request(`${s.url}/healthz`, { dispatcher: agent }).then((r) => r.body.dump());
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const burstStarted = performance.now();
      const b = openBurst(s.url, burst, slowAnswer, agent);
      await b.firstFrames;
      const allFirstS = (performance.now() - burstStarted) / 1000;
      probing = false;
      await prober;
      const during = await s.ask({ type: 'stats', gc: false });
      const inFlight = b.inFlight();
      const held = await s.ask({ type: 'stats', gc: true });
      await b.done;
      const failed = b.failed();
      if (failed.count > 0)
        throw new Error(`${s.kind}: ${failed.count} of ${burst} slow streams failed: ${failed.first}`);
      await agent.close();
      const round = perRound.get(s.kind)!;
      rows.push({
        kind: s.kind,
        runsPerSecond: round.rps,
        cpuMsPerRun: percentile(round.cpu, 50),
        firstFrameP50Ms: percentile(first.get(s.kind)!, 50),
        firstFrameP99Ms: percentile(first.get(s.kind)!, 99),
        burst,
        allFirstS,
        inFlight,
        heapKiBPerRun: (held.heapUsed - base.heapUsed) / 1024 / Math.max(1, inFlight),
        rssMiB: held.rss / 1024 / 1024,
        delayP99Ms: during.delayP99Ms,
        delayMaxMs: during.delayMaxMs,
        healthP99Ms: health.length > 0 ? percentile(health, 99) : 0,
      });
    }
    return { rows, throughputRuns: runs, throughputClients: clients };
  } finally {
    for (const s of served) s.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
  }
}
