/**
 * `npm run eval`: the task suite against real models (`--model`) and/or the scripted ones (`--oracle`, `--wrong`,
 * `--echo`); prints a table per model, writes a JSON report and a Markdown summary, compares with a baseline.
 * EVALS.md explains the columns; eval/README.md the task files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { compareBaseline } from './compare-baseline.js';
import type { EvalReport, ModelReport } from './eval-report.js';
import { comparisonText, failureLines, groupTable, modelTable, reportMarkdown } from './format-report.js';
import { loadTasks } from './load-tasks.js';
import { parseEvalArgs, USAGE, type EvalArgs } from './parse-eval-args.js';
import type { ScriptedMode } from './plan-player.js';
import { runSuite, type SuiteModel } from './run-suite.js';
import { startScriptedModels } from './start-scripted-models.js';
import { missingKeys, startRealModels } from './start-real-models.js';

const EVAL_DIR = path.dirname(fileURLToPath(import.meta.url));

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'eval'], {
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? head : `${head}-dirty`;
  } catch {
    return null;
  }
}

/** Whether a scripted model did what it must: the oracle passes everything, the wrong plans and the echo nothing. */
function scriptedVerdict(model: ModelReport): string | undefined {
  if (
    (model.model === 'sim:oracle-plan' || model.model === 'sim:cautious-oracle') &&
    model.passed !== model.runs
  )
    return `${model.model} must pass every task; ${model.runs - model.passed} failed`;
  if ((model.model === 'sim:wrong-plan' || model.model === 'sim:echo') && model.passed > 0)
    return `${model.model} must pass no task; it passed ${model.passed}`;
  return undefined;
}

async function main(args: EvalArgs): Promise<number> {
  const modes: ScriptedMode[] = (['oracle', 'cautious', 'wrong', 'echo'] as const).filter((m) => args[m]);
  if (args.models.length === 0 && modes.length === 0) {
    console.error(
      `Name a model (--model provider:model) or a scripted run (--oracle, --wrong, --echo).\n\n${USAGE}`,
    );
    return 2;
  }
  const env = { ...process.env };
  if (args.models.length > 0) {
    // As `npm start` does: the .env file of the working directory, the real environment winning.
    if (existsSync('.env')) process.loadEnvFile('.env');
    Object.assign(env, process.env);
    const missing = missingKeys(args.models, env);
    if (missing.length > 0) {
      console.error(`Cannot run these models:\n${missing.map((m) => `  ${m}`).join('\n')}`);
      return 2;
    }
  }
  const tasks = loadTasks(undefined, args.tasks);
  const closers: (() => Promise<void>)[] = [];
  const models: SuiteModel[] = [];
  const started = performance.now();
  try {
    if (modes.length > 0) {
      const scripted = await startScriptedModels(tasks, modes, args.concurrency);
      closers.push(() => scripted.close());
      models.push(...scripted.models);
    }
    if (args.models.length > 0) {
      const real = await startRealModels(args.models, env, args.concurrency);
      closers.push(() => real.close());
      models.push(...real.models);
    }
    const total = models.length * tasks.length * args.repeat;
    let done = 0;
    const reports = await runSuite({
      tasks,
      models,
      repeat: args.repeat,
      concurrency: args.concurrency,
      turnTimeoutMs: args.turnTimeoutS * 1000,
      onResult: (model, r) => {
        done += 1;
        const mark = r.pass ? 'pass' : r.error ? 'ERROR' : 'fail';
        console.error(
          `[${done}/${total}] ${model} ${r.task} #${r.repeat + 1}: ${mark} (${(r.wallMs / 1000).toFixed(1)} s)`,
        );
      },
    });
    const report: EvalReport = {
      version: 1,
      createdAt: new Date().toISOString(),
      commit: gitCommit(),
      options: { repeat: args.repeat, concurrency: args.concurrency, taskIds: tasks.map((t) => t.id) },
      models: reports,
      elapsedMs: Math.round(performance.now() - started),
    };
    let comparison: string | undefined;
    if (args.baseline !== undefined) {
      const baseline = JSON.parse(readFileSync(args.baseline, 'utf8')) as EvalReport;
      comparison = comparisonText(compareBaseline(report, baseline), args.baseline);
    }
    const jsonFile =
      args.report ?? path.join(EVAL_DIR, 'results', `${report.createdAt.replace(/[:.]/g, '-')}.json`);
    const mdFile = jsonFile.replace(/\.json$/i, '') + '.md';
    mkdirSync(path.dirname(jsonFile), { recursive: true });
    // Written as the repository's Prettier would write them, so `npm run format:check` stays clean after a run.
    const pretty = async (file: string, text: string) =>
      format(text, { ...(await resolveConfig(file)), filepath: file });
    writeFileSync(jsonFile, await pretty(jsonFile, JSON.stringify(report, null, 2)));
    writeFileSync(mdFile, await pretty(mdFile, reportMarkdown(report, comparison)));

    console.log(
      `\n${tasks.length} tasks × ${args.repeat} run(s), ${(report.elapsedMs / 1000).toFixed(1)} s\n`,
    );
    console.log(modelTable(reports));
    console.log(`\n${groupTable(reports)}`);
    if (comparison !== undefined) console.log(`\n${comparison}`);
    for (const model of reports) {
      const failures = failureLines(model, 20);
      const expectedToFail = model.model === 'sim:wrong-plan' || model.model === 'sim:echo';
      if (failures.length > 0 && !expectedToFail)
        console.log(`\nFailed runs of ${model.model}:\n${failures.join('\n')}`);
    }
    console.log(`\nReport: ${jsonFile}\nSummary: ${mdFile}`);
    const verdicts = reports.map(scriptedVerdict).filter((v): v is string => v !== undefined);
    for (const v of verdicts) console.error(`FAILED: ${v}`);
    return verdicts.length > 0 ? 1 : 0;
  } finally {
    for (const close of closers) await close();
  }
}

let args: EvalArgs;
try {
  args = parseEvalArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
main(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
