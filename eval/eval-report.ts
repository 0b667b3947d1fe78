import { passHatK } from './pass-hat-k.js';
import type { TaskRunResult } from './run-task.js';

/** One model's figures over the suite. */
export interface ModelReport {
  /** The model as given to `--model` (`provider:model`), or `sim:oracle-plan` and the like for scripted runs. */
  readonly model: string;
  /** Tasks run. */
  readonly tasks: number;
  /** Runs of each task. */
  readonly repeat: number;
  /** Task runs: tasks × repeat. */
  readonly runs: number;
  /** Task runs that passed. */
  readonly passed: number;
  /** passed / runs. */
  readonly passRate: number;
  /** pass^k for k = 1 … repeat (τ-bench): `{ "1": …, "3": … }`. */
  readonly passHatK: Readonly<Record<string, number>>;
  /** Runs and passes by task kind (`read`, `change`, `trap`) and by language (`ru`, `en`). */
  readonly groups: Readonly<Record<string, { readonly runs: number; readonly passed: number }>>;
  /** Tasks whose every run passed. */
  readonly tasksAlwaysPassed: number;
  /** Mean tool calls per task run (`load_tools` not counted). */
  readonly toolCallsPerTask: number;
  /** Sum over the runs of {@link TaskRunResult.wrongTools}. */
  readonly wrongTools: number;
  /** Sum over the runs of {@link TaskRunResult.invalidArgs}. */
  readonly invalidArgs: number;
  /** Runs that ended without an answer to judge (a failed run, a timeout). */
  readonly errors: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD over every run, when each run's cost was known in dollars; null otherwise. */
  readonly costUsd: number | null;
  /** Mean wall time of a task run (all its turns), ms. */
  readonly wallMsPerTask: number;
  /** Sum of the runs' wall times, ms. */
  readonly wallMsTotal: number;
  /** Every run, by task then repeat. */
  readonly results: readonly TaskRunResult[];
}

/** What `npm run eval` writes (`--report`), and what `--baseline` reads. */
export interface EvalReport {
  readonly version: 1;
  readonly createdAt: string;
  /** `git rev-parse --short HEAD`, with `-dirty` when the work tree had changes; null outside git. */
  readonly commit: string | null;
  readonly options: {
    readonly repeat: number;
    readonly concurrency: number;
    readonly taskIds: readonly string[];
  };
  readonly models: readonly ModelReport[];
  /** Wall time of the whole suite, ms. */
  readonly elapsedMs: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Sums one model's task runs into its report row.
 * @param model - the model's name in the report
 * @param results - its runs, every task run `repeat` times
 * @param repeat - runs per task
 */
export function summarizeModel(
  model: string,
  results: readonly TaskRunResult[],
  repeat: number,
): ModelReport {
  const byTask = new Map<string, TaskRunResult[]>();
  for (const r of results) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
  const outcomes = [...byTask.values()].map((runs) => ({
    n: runs.length,
    c: runs.filter((r) => r.pass).length,
  }));
  const passed = results.filter((r) => r.pass).length;
  const costs = results.map((r) => r.costUsd);
  const n = Math.max(1, results.length);
  return {
    model,
    tasks: byTask.size,
    repeat,
    runs: results.length,
    passed,
    passRate: passed / n,
    passHatK: Object.fromEntries(
      Array.from({ length: repeat }, (_, i) => [String(i + 1), passHatK(outcomes, i + 1)]),
    ),
    groups: Object.fromEntries(
      ['read', 'change', 'trap', 'ru', 'en'].map((group) => {
        const runs = results.filter((r) => r.kind === group || r.lang === group);
        return [group, { runs: runs.length, passed: runs.filter((r) => r.pass).length }];
      }),
    ),
    tasksAlwaysPassed: outcomes.filter((o) => o.c === o.n).length,
    toolCallsPerTask: sum(results.map((r) => r.toolCalls)) / n,
    wrongTools: sum(results.map((r) => r.wrongTools)),
    invalidArgs: sum(results.map((r) => r.invalidArgs)),
    errors: results.filter((r) => r.error !== undefined).length,
    inputTokens: sum(results.map((r) => r.inputTokens)),
    outputTokens: sum(results.map((r) => r.outputTokens)),
    costUsd: costs.length > 0 && costs.every((c) => c !== undefined) ? sum(costs) : null,
    wallMsPerTask: Math.round(sum(results.map((r) => r.wallMs)) / n),
    wallMsTotal: sum(results.map((r) => r.wallMs)),
    results: [...results].sort((a, b) => a.task.localeCompare(b.task) || a.repeat - b.repeat),
  };
}
