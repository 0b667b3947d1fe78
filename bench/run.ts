/**
 * The benchmark suite: `npm run bench` (builds, then runs this file with tsx). Each phase runs in a fresh
 * child process (with `--expose-gc` for the memory figures) that starts the LLM simulator and the real
 * server in-process and measures over loopback sockets; memory phases run two at a time. Prints a markdown table to stdout; progress goes to
 * stderr. `--quick` runs a small version to check that it works (its figures mean little); `--extra` adds
 * the phases that explain a figure (see `EXTRA_PHASE_GROUPS`).
 *
 * Internally, `--phase=<name>` runs one phase and prints its result as JSON.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine-info.js';
import { resultsTable } from './results-table.js';
import { runPhaseInChild } from './run-phase-in-child.js';
import {
  EXTRA_PHASE_GROUPS,
  PHASE_GROUPS,
  runPhase,
  type PhaseName,
  type PhaseResults,
} from './run-phase.js';

const quick = process.argv.includes('--quick');
const extra = process.argv.includes('--extra');
const phaseArg = process.argv.find((arg) => arg.startsWith('--phase='))?.slice('--phase='.length);

if (phaseArg !== undefined) {
  if (![...PHASE_GROUPS, ...EXTRA_PHASE_GROUPS].flat().includes(phaseArg as PhaseName))
    throw new Error(`unknown phase ${phaseArg}`);
  const result = await runPhase(phaseArg as PhaseName, quick);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const results: Partial<PhaseResults> = {};
  for (const group of [...PHASE_GROUPS, ...(extra ? EXTRA_PHASE_GROUPS : [])]) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
    console.error(`[bench ${seconds} s] ${group.join(' + ')}`);
    await Promise.all(
      group.map(async (name) => {
        const result = await runPhaseInChild(fileURLToPath(import.meta.url), name, quick);
        Object.assign(results, { [name]: result });
      }),
    );
  }
  console.log(
    resultsTable({
      ...(results as PhaseResults),
      date: new Date().toISOString().slice(0, 10),
      machine: machineInfo(),
      quick,
      loadAverage: [loadBefore, os.loadavg()[0]!],
      minutes: (performance.now() - started) / 60_000,
    }),
  );
}
// Whatever keep-alive socket or timer is left must not keep the process (and `npm run bench`) waiting.
setTimeout(() => process.exit(), 2000).unref();
