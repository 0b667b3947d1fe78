import type { MachineInfo } from './machine-info.js';
import { markdownTable } from './markdown-table.js';
import type { ClusterResult } from './measure-cluster.js';
import type { EfficiencyResult } from './measure-efficiency.js';
import type { FileAnalysisResult } from './measure-file-analysis.js';
import type { FramesResult } from './measure-frames.js';
import type { RunMemoryResult } from './measure-run-memory.js';
import { percentile } from './percentile.js';
import { SHORT_LLM_TIMEOUT_S, type PhaseResults } from './run-phase.js';

/** Everything one benchmark run measured. */
export interface BenchResults extends PhaseResults {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly machine: MachineInfo;
  /** Whether it was the `--quick` smoke run (its figures mean little). */
  readonly quick: boolean;
  /** 1-minute load average of the machine when the run started and when it ended. */
  readonly loadAverage: readonly [number, number];
  /** How long the whole run took. */
  readonly minutes: number;
}

/** Target of the added first-frame p50, ms. */
export const ADDED_P50_TARGET_MS = 5;
/** Target of the Redis hop: first-frame p50 of one clustered instance over the single process, ms. */
export const REDIS_HOP_TARGET_MS = 2;
/** Heap growth from a full run registry to the last checkpoint still counted as "no growth", bytes. */
export const NO_GROWTH_TOLERANCE_BYTES = 1024 * 1024;

const ms = (x: number) => x.toFixed(2);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const signedMib = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const count = (n: number) => n.toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** Growth per 1,000 sessions between the first and the last point. */
function perThousand(sessions: readonly number[], values: readonly number[]): number {
  const n = sessions.at(-1)! - sessions[0]!;
  return ((values.at(-1)! - values[0]!) / n) * 1000;
}

/** `a→b: +x` for each step between points. */
function steps(points: readonly number[], values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 1; i < points.length; i++)
    parts.push(`${count(points[i - 1]!)}→${count(points[i]!)}: ${signedMib(values[i]! - values[i - 1]!)}`);
  return parts.join(', ');
}

function framesRow(label: string, f: FramesResult): string[] {
  return [
    label,
    `${f.generatingFrames} \`generating\` + 1 \`complete\`; ${kib(f.bodyBytes)} KiB body ` +
      `(${(f.bodyBytes / f.answerChars).toFixed(1)}× the answer); stream ${ms(f.totalMs)} ms`,
    '≤ 20 frames/s',
  ];
}

function runMemoryRows(label: string, rm: RunMemoryResult): string[][] {
  const at = (i: number) => rm.heapUsed[i]!;
  const last = rm.runs.length - 1;
  // The first checkpoint at which the run registry kept as many runs as it ever did (RUN_MAX_STORED).
  const full = rm.stored.findIndex((n) => n >= Math.max(...rm.stored));
  const plateau = at(last) - at(full);
  const perRun = full < last ? plateau / (rm.runs[last]! - rm.runs[full]!) : NaN;
  return [
    [
      `5. Heap after gc at ${count(rm.runs[0]!)} / ${count(rm.runs[last]!)} runs, ${label}` +
        (rm.capped ? ' (time limit)' : ''),
      `${mib(at(0))} / ${mib(at(last))} MiB: **${signedMib(at(last) - at(0))} MiB**; ` +
        (full < last
          ? `from ${count(rm.runs[full]!)} (run registry full) on: **${signedMib(plateau)} MiB** ` +
            `(${(perRun / 1024).toFixed(2)} KiB per run)`
          : 'the run registry was not full yet') +
        (rm.errors ? `; ${rm.errors} errors, first: ${rm.firstError?.slice(0, 80)}` : ''),
      'no growth once the registry is full: ' +
        (full < last ? verdict(Math.abs(plateau) < NO_GROWTH_TOLERANCE_BYTES) : 'not reached'),
    ],
    [
      `5. … steps (runs kept: ${rm.stored.map(count).join(' / ')})`,
      `${steps(rm.runs, rm.heapUsed)} MiB`,
      '—',
    ],
  ];
}

function keptRunsRow(rm: RunMemoryResult, answer: string): string[] {
  const perThousandRuns = perThousand(rm.runs, rm.heapUsed);
  return [
    `5. Heap per 1,000 kept runs (run registry), realistic answer (${answer})`,
    `**${signedMib(perThousandRuns)} MiB** (${count(rm.runs.at(-1)! - rm.runs[0]!)} runs); ` +
      `so about ${mib(perThousandRuns * 2)} MiB at the default \`RUN_MAX_STORED=2000\`` +
      (rm.capped ? ' (time limit)' : ''),
    '—',
  ];
}

/** Figure 7: the file tools on a large CSV and XLSX. */
export function fileRows(f: FileAnalysisResult): string[][] {
  return [f.csv, f.xlsx].map((a) => [
    `7. ${a.kind === 'csv' ? 'analyze_csv_file' : 'analyze_excel_file'} on a ${(a.bytes / 1024 / 1024).toFixed(1)} MiB ${a.kind.toUpperCase()} (${count(a.rows)} rows)`,
    `**${(a.ms / 1000).toFixed(2)} s**; heap +${a.heapMiB.toFixed(0)} MiB at the end`,
    '—',
  ]);
}

/** Figure 8: the project against the two minimal reference servers (issue 14's targets). */
export function efficiencyRows(e: EfficiencyResult): string[][] {
  const row = (kind: string) => e.rows.find((r) => r.kind === kind)!;
  const ours = row('project');
  const bare = row('bare');
  const median = (values: readonly number[]) => percentile(values, 50);
  const ratio = median(ours.runsPerSecond) / median(bare.runsPerSecond);
  const added = ours.firstFrameP50Ms - bare.firstFrameP50Ms;
  const label: Record<EfficiencyResult['rows'][number]['kind'], string> = {
    project: 'this server',
    baseline: 'this server, baseline build (BENCH_BASELINE_DIST)',
    bare: 'bare reference (fetch)',
    'ai-sdk': 'AI SDK reference (streamText)',
  };
  const rows = e.rows.map((r) => [
    `8. ${label[r.kind]}`,
    `**${median(r.runsPerSecond).toFixed(0)} runs/s** (${r.runsPerSecond.map((x) => x.toFixed(0)).join(' / ')}; ` +
      `${e.throughputRuns} runs of 100 chunks, ${e.throughputClients} clients), ${r.cpuMsPerRun.toFixed(2)} ms CPU a run; ` +
      `first frame p50 ${ms(r.firstFrameP50Ms)} ms, p99 ${ms(r.firstFrameP99Ms)} ms; ` +
      `${count(r.burst)} slow streams at once: all had a first frame after ${r.allFirstS.toFixed(1)} s; with ` +
      `${count(r.inFlight)} in flight heap **${r.heapKiBPerRun.toFixed(0)} KiB a run**, ` +
      `RSS ${r.rssMiB.toFixed(0)} MiB, event-loop delay p99 ${ms(r.delayP99Ms)} ms (max ${ms(r.delayMaxMs)}), ` +
      `/healthz p99 ${ms(r.healthP99Ms)} ms`,
    '—',
  ]);
  rows.push(
    [
      '8. Throughput against the bare reference',
      `**${ratio.toFixed(2)}×**`,
      `≥ 0.5×: ${verdict(ratio >= 0.5)}`,
    ],
    [
      '8. Added first-frame p50 over the bare reference',
      `**${ms(added)} ms**`,
      `≤ 2 ms: ${verdict(added <= 2)}`,
    ],
    [
      `8. Heap a run / RSS with ${count(ours.burst)} streams / event-loop p99 while they start`,
      `**${ours.heapKiBPerRun.toFixed(0)} KiB** / **${ours.rssMiB.toFixed(0)} MiB** / **${ms(ours.delayP99Ms)} ms**`,
      `≤ 150 KiB: ${verdict(ours.heapKiBPerRun <= 150)}; ≤ 300 MiB: ${verdict(ours.rssMiB <= 300)}; ≤ 50 ms: ${verdict(ours.delayP99Ms <= 50)}`,
    ],
  );
  return rows;
}

/** The rows of figure 6, or one row saying why it was skipped. */
export function clusterRows(c: ClusterResult): string[][] {
  if (c.skipped !== undefined) return [['6. Clustered mode', `skipped: ${c.skipped}`, '—']];
  const p50 = (values: readonly number[]) => (values.length ? percentile(values, 50) : NaN);
  const rows = c.deployments.map((d) => {
    const { firstFrame: ff, throughput: tp } = d;
    const label =
      d.mode === 'single'
        ? '6. Single process (SQLite, in-process queue)'
        : `6. Cluster: ${d.instances} instance${d.instances > 1 ? 's, POST on one, stream from the next' : ''} (Redis + PostgreSQL)`;
    return [
      label,
      `**${tp.runsPerSecond.toFixed(0)} runs/s** (${tp.concurrency} in flight, ${tp.errors} errors); first frame p50 ` +
        `**${ms(p50(ff.ours))} ms** (sim ${ms(p50(ff.sim))}; POST → \`event_id\` ${ms(p50(ff.post))}), p99 ` +
        `${ms(percentile(ff.ours, 99))} ms` +
        (tp.firstError ? `; first error: ${tp.firstError.slice(0, 80)}` : ''),
      '—',
    ];
  });
  const single = c.deployments.find((d) => d.mode === 'single');
  const one = c.deployments.find((d) => d.mode === 'cluster' && d.instances === 1);
  if (single && one) {
    const hop = p50(one.firstFrame.ours) - p50(single.firstFrame.ours);
    rows.push([
      '6. Redis hop: first-frame p50 of 1 clustered instance − single process',
      `**${ms(hop)} ms**`,
      `< ${REDIS_HOP_TARGET_MS} ms: ${verdict(hop < REDIS_HOP_TARGET_MS)}`,
    ]);
  }
  return rows;
}

/**
 * The results as markdown: a heading with the date and machine, and one table row per figure (with the
 * target where the issue sets one).
 */
export function resultsTable(r: BenchResults): string {
  const { throughput: tp, sessionsMemory: mem, sessionsSqlite: sql } = r;
  const { firstFrame: ff, framesPaced: paced, framesBurst: burst } = r.latency;
  const p = (values: readonly number[], q: number) => (values.length ? percentile(values, q) : NaN);
  const added50 = p(ff.ours, 50) - p(ff.sim, 50);
  const added99 = p(ff.ours, 99) - p(ff.sim, 99);

  const realistic = `${count(paced.answerChars)} chars in ${paced.chunks} chunks`;
  const rows: string[][] = [
    [
      `1. First-frame latency p50: ours / sim / **added** (${count(ff.ours.length)} sequential)`,
      `${ms(p(ff.ours, 50))} / ${ms(p(ff.sim, 50))} / **${ms(added50)} ms**`,
      `added < ${ADDED_P50_TARGET_MS} ms: ${verdict(added50 < ADDED_P50_TARGET_MS)}`,
    ],
    [
      '1. First-frame latency p99: ours / sim / added',
      `${ms(p(ff.ours, 99))} / ${ms(p(ff.sim, 99))} / ${ms(added99)} ms`,
      '—',
    ],
    ['1. … of which POST → `event_id`, p50 / p99', `${ms(p(ff.post, 50))} / ${ms(p(ff.post, 99))} ms`, '—'],
    framesRow(
      `2. Frames per answer: ${count(paced.answerChars)} chars in ${paced.chunks} chunks ${paced.chunkDelayMs} ms apart`,
      paced,
    ),
    framesRow(`2. Frames per answer: same, chunks back to back (chunkDelayMs ${burst.chunkDelayMs})`, burst),
    [
      `3. Sustained throughput, ${tp.concurrency} in flight, ${tp.seconds.toFixed(0)} s`,
      `**${tp.runsPerSecond.toFixed(0)} runs/s**, ${tp.errors} errors (${count(tp.completed)} runs; ` +
        `POST→complete p50 ${ms(p(tp.latencies, 50))} ms, p99 ${ms(p(tp.latencies, 99))} ms)` +
        (tp.firstError ? `; first error: ${tp.firstError.slice(0, 80)}` : ''),
      '—',
    ],
    [
      `3. … cold start: ${tp.concurrency} runs at once on new connections`,
      `slowest run ${(tp.coldWaveMs / 1000).toFixed(2)} s`,
      '—',
    ],
    [
      '4. Heap per 1,000 sessions, `SESSION_STORE=memory`',
      `**${signedMib(perThousand(mem.sessions, mem.heapUsed))} MiB** (${steps(mem.sessions, mem.heapUsed)} MiB)` +
        (mem.capped ? ' (time limit)' : '') +
        (mem.errors ? `; ${mem.errors} errors` : ''),
      '—',
    ],
    [
      '4. Database per 1,000 sessions, `SESSION_STORE=sqlite`',
      `**${signedMib(perThousand(sql.sessions, sql.databaseBytes))} MiB** file; ` +
        `heap ${signedMib(perThousand(sql.sessions, sql.heapUsed))} MiB (${count(sql.sessions.at(-1)!)} sessions)` +
        (sql.capped ? ' (time limit)' : '') +
        (sql.errors ? `; ${sql.errors} errors` : ''),
      '—',
    ],
    ...(r.sessionsRealistic
      ? [
          [
            `4. Heap per 1,000 sessions, \`SESSION_STORE=memory\`, realistic answer (${realistic})`,
            `**${signedMib(perThousand(r.sessionsRealistic.sessions, r.sessionsRealistic.heapUsed))} MiB**` +
              ` (${count(r.sessionsRealistic.sessions.at(-1)!)} sessions)` +
              (r.sessionsRealistic.capped ? ' (time limit)' : ''),
            '—',
          ],
        ]
      : []),
    ...runMemoryRows('defaults (`LLM_TIMEOUT_S=120`)', r.runsDefault),
    ...(r.runsShortTimeout
      ? runMemoryRows(`\`LLM_TIMEOUT_S=${SHORT_LLM_TIMEOUT_S}\` waited out`, r.runsShortTimeout)
      : []),
    ...(r.runsRealistic ? [keptRunsRow(r.runsRealistic, realistic)] : []),
    ...clusterRows(r.cluster),
    ...fileRows(r.files),
    ...efficiencyRows(r.efficiency),
  ];
  const m = r.machine;
  return [
    `## Results ${r.date}${r.quick ? ' (--quick: smoke run, not figures)' : ''}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Node ${m.node}, ${m.platform}; ` +
      'server, LLM simulator and client in one process over loopback; ' +
      `load average ${r.loadAverage[0].toFixed(2)} at the start, ${r.loadAverage[1].toFixed(2)} at the end; ` +
      `${r.minutes.toFixed(1)} min.`,
    '',
    markdownTable(['Figure', 'Result', 'Target'], rows),
    '',
  ].join('\n');
}
