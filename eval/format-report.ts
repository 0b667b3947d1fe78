import type { ModelComparison } from './compare-baseline.js';
import type { EvalReport, ModelReport } from './eval-report.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(3, title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');

/** The per-model table: one row per model, the columns EVALS.md explains. */
export function modelTable(models: readonly ModelReport[]): string {
  return table(
    [
      'model',
      'tasks',
      'runs',
      'passed',
      'pass',
      'pass^k',
      'tool calls/task',
      'wrong tools',
      'invalid args',
      'errors',
      'prompt tokens',
      'completion tokens',
      'cost USD',
      'wall s/task',
    ],
    models.map((m) => [
      m.model,
      String(m.tasks),
      String(m.runs),
      String(m.passed),
      pct(m.passRate),
      m.repeat > 1 ? `${pct(m.passHatK[String(m.repeat)] ?? 0)} (k=${m.repeat})` : '—',
      m.toolCallsPerTask.toFixed(1),
      String(m.wrongTools),
      String(m.invalidArgs),
      String(m.errors),
      int(m.inputTokens),
      int(m.outputTokens),
      m.costUsd === null ? 'unknown' : `$${m.costUsd.toFixed(4)}`,
      (m.wallMsPerTask / 1000).toFixed(2),
    ]),
  );
}

/** Pass rates by task kind and language, one row per model. */
export function groupTable(models: readonly ModelReport[]): string {
  const groups = ['read', 'change', 'trap', 'ru', 'en'];
  return table(
    ['model', ...groups],
    models.map((m) => [
      m.model,
      ...groups.map((g) => {
        const { runs = 0, passed = 0 } = m.groups[g] ?? {};
        return runs === 0 ? '—' : `${pct(passed / runs)} (${passed}/${runs})`;
      }),
    ]),
  );
}

/** Passing runs of each task, one column per model: where models differ, and what a change moved. */
export function taskTable(models: readonly ModelReport[]): string {
  const ids = [...new Set(models.flatMap((m) => m.results.map((r) => r.task)))].sort();
  return table(
    ['task', 'lang', 'kind', ...models.map((m) => m.model)],
    ids.map((id) => {
      const any = models.flatMap((m) => m.results).find((r) => r.task === id);
      return [
        id,
        any?.lang ?? '',
        any?.kind ?? '',
        ...models.map((m) => {
          const runs = m.results.filter((r) => r.task === id);
          return runs.length === 0 ? '—' : `${runs.filter((r) => r.pass).length}/${runs.length}`;
        }),
      ];
    }),
  );
}

/** The failed runs of a model, each with the first reason (at most `limit` lines). */
export function failureLines(model: ModelReport, limit = 60): string[] {
  const lines = model.results
    .filter((r) => !r.pass)
    .map((r) => {
      const failed = r.checks.find((c) => !c.pass);
      const why = r.error ?? (failed ? `${JSON.stringify(failed.check)}: ${failed.detail ?? ''}` : '');
      return `- ${r.task} #${r.repeat + 1}: ${why}`;
    });
  return lines.length > limit ? [...lines.slice(0, limit), `- … and ${lines.length - limit} more`] : lines;
}

/** The baseline comparison as a table, plus the tasks that regressed or were fixed. */
export function comparisonText(comparisons: readonly ModelComparison[], baselineFile: string): string {
  const rows = comparisons.map((c) => [
    c.model,
    c.baselinePassRate === null ? 'not in baseline' : pct(c.baselinePassRate),
    pct(c.passRate),
    c.delta === null ? '—' : `${c.delta >= 0 ? '+' : ''}${(c.delta * 100).toFixed(1)} pp`,
    c.regressed.join(', ') || '—',
    c.fixed.join(', ') || '—',
  ]);
  return [
    `Against ${baselineFile}:`,
    '',
    table(['model', 'baseline pass', 'pass', 'change', 'regressed tasks', 'fixed tasks'], rows),
  ].join('\n');
}

/**
 * The Markdown summary written beside the JSON report.
 * @param report - the report
 * @param comparison - the baseline comparison text, when `--baseline` was given
 */
export function reportMarkdown(report: EvalReport, comparison?: string): string {
  const parts = [
    `# Eval ${report.createdAt}`,
    '',
    `Commit ${report.commit ?? 'unknown'}; ${report.options.taskIds.length} tasks, ${report.options.repeat} run(s) each, ` +
      `concurrency ${report.options.concurrency}; ${(report.elapsedMs / 1000).toFixed(1)} s in all.`,
    '',
    modelTable(report.models),
    '',
    '## By kind and language',
    '',
    groupTable(report.models),
  ];
  if (comparison !== undefined) parts.push('', '## Against the baseline', '', comparison);
  parts.push('', '## Per task (passing runs / runs)', '', taskTable(report.models));
  for (const model of report.models) {
    const failures = failureLines(model);
    if (failures.length > 0) parts.push('', `## Failed runs of ${model.model}`, '', ...failures);
  }
  return `${parts.join('\n')}\n`;
}
