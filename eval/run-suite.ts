import type { EvalTask } from './eval-task.js';
import { summarizeModel, type ModelReport } from './eval-report.js';
import { runTask, type TaskRunResult } from './run-task.js';

/** A model the suite measures, and the server that runs it. */
export interface SuiteModel {
  /** Its name in the report. */
  readonly name: string;
  /** What each run asks for (`provider:model`). */
  readonly model: string;
  readonly serverUrl: string;
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  readonly tasks: readonly EvalTask[];
  readonly models: readonly SuiteModel[];
  /** Runs of each task per model. */
  readonly repeat: number;
  /** Task runs in flight at once, over every model. */
  readonly concurrency: number;
  /** Longest wait for one turn, ms. */
  readonly turnTimeoutMs: number;
  /** Called as each task run ends. */
  readonly onResult?: (model: string, result: TaskRunResult) => void;
}

/**
 * Runs every task `repeat` times against every model, `concurrency` task runs at a time (each on its own
 * platform simulator), and sums each model's runs.
 * @returns one report row per model, in the order given
 */
export async function runSuite(options: SuiteOptions): Promise<ModelReport[]> {
  const jobs = options.models.flatMap((model) =>
    options.tasks.flatMap((task) =>
      Array.from({ length: options.repeat }, (_, repeat) => ({ model, task, repeat })),
    ),
  );
  const results = new Map<string, TaskRunResult[]>(options.models.map((m) => [m.name, []]));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { model, task, repeat } = jobs[next++]!;
      const result = await runTask(
        task,
        { serverUrl: model.serverUrl, model: model.model, turnTimeoutMs: options.turnTimeoutMs },
        repeat,
      );
      results.get(model.name)!.push(result);
      options.onResult?.(model.name, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, worker));
  return options.models.map((m) => summarizeModel(m.name, results.get(m.name)!, options.repeat));
}
