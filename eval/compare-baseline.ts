import type { EvalReport, ModelReport } from './eval-report.js';

/** How one model did against the same model in a baseline report. */
export interface ModelComparison {
  readonly model: string;
  /** Pass rate in the baseline; null when the baseline did not run this model. */
  readonly baselinePassRate: number | null;
  readonly passRate: number;
  /** passRate − baselinePassRate; null without a baseline row. */
  readonly delta: number | null;
  /** Tasks (run by both) that passed every run in the baseline and fail at least once now. */
  readonly regressed: readonly string[];
  /** Tasks (run by both) that failed at least once in the baseline and pass every run now. */
  readonly fixed: readonly string[];
}

function alwaysPassed(report: ModelReport): Map<string, boolean> {
  const byTask = new Map<string, boolean>();
  for (const r of report.results) byTask.set(r.task, (byTask.get(r.task) ?? true) && r.pass);
  return byTask;
}

/**
 * Compares each model of `current` with the model of the same name in `baseline`: pass rates, and the tasks that
 * changed between always passing and not.
 * @param current - this run's report
 * @param baseline - an earlier report (`--baseline FILE`)
 */
export function compareBaseline(current: EvalReport, baseline: EvalReport): ModelComparison[] {
  return current.models.map((model) => {
    const before = baseline.models.find((m) => m.model === model.model);
    if (!before)
      return {
        model: model.model,
        baselinePassRate: null,
        passRate: model.passRate,
        delta: null,
        regressed: [],
        fixed: [],
      };
    const then = alwaysPassed(before);
    const now = alwaysPassed(model);
    const both = [...now.keys()].filter((task) => then.has(task)).sort();
    return {
      model: model.model,
      baselinePassRate: before.passRate,
      passRate: model.passRate,
      delta: model.passRate - before.passRate,
      regressed: both.filter((task) => then.get(task) === true && now.get(task) === false),
      fixed: both.filter((task) => then.get(task) === false && now.get(task) === true),
    };
  });
}
