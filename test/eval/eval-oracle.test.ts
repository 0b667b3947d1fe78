import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asksConfirmation } from '../../eval/asks-confirmation.js';
import { compareBaseline } from '../../eval/compare-baseline.js';
import { summarizeModel, type EvalReport, type ModelReport } from '../../eval/eval-report.js';
import type { EvalTask } from '../../eval/eval-task.js';
import { loadTasks } from '../../eval/load-tasks.js';
import { passHatK } from '../../eval/pass-hat-k.js';
import { runSuite } from '../../eval/run-suite.js';
import { startScriptedModels, type ScriptedModels } from '../../eval/start-scripted-models.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let tasks: EvalTask[];
let scripted: ScriptedModels;
let reports: Record<'oracle' | 'cautious' | 'wrong' | 'echo', ModelReport>;

beforeAll(async () => {
  tasks = loadTasks();
  scripted = await startScriptedModels(tasks, ['oracle', 'cautious', 'wrong', 'echo'], 6, {
    LOG_LEVEL: 'silent',
  });
  const [oracle, cautious, wrong, echo] = await runSuite({
    tasks,
    models: scripted.models,
    repeat: 1,
    concurrency: 6,
    turnTimeoutMs: 20_000,
  });
  reports = { oracle: oracle!, cautious: cautious!, wrong: wrong!, echo: echo! };
}, 60_000);

afterAll(() => scripted?.close());

const failuresOf = (report: ModelReport) =>
  report.results
    .filter((r) => !r.pass)
    .map((r) => ({ task: r.task, error: r.error, failed: r.checks.filter((c) => !c.pass) }));

describe('the task suite', () => {
  it('has at least 40 tasks, half of them in Russian and half in English, of every kind', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    const ru = tasks.filter((t) => t.lang === 'ru').length;
    expect(ru).toBeGreaterThanOrEqual(20);
    expect(tasks.length - ru).toBeGreaterThanOrEqual(20);
    for (const kind of ['read', 'change', 'trap'] as const)
      expect(tasks.filter((t) => t.kind === kind).length).toBeGreaterThanOrEqual(8);
    // Follow-up turns, approvals, a wrong password and a changed seed are all exercised.
    expect(tasks.some((t) => t.turns.length > 1)).toBe(true);
    expect(tasks.some((t) => (t.approve ?? []).length > 0)).toBe(true);
    expect(tasks.some((t) => t.approve !== undefined && t.approve.length === 0)).toBe(true);
    expect(tasks.some((t) => t.platform?.password !== undefined)).toBe(true);
    expect(tasks.some((t) => (t.platform?.setup ?? []).length > 0)).toBe(true);
  });

  it('passes every task with its oracle plan', () => {
    expect(failuresOf(reports.oracle)).toEqual([]);
    expect(reports.oracle).toMatchObject({ tasks: tasks.length, runs: tasks.length, passed: tasks.length });
    expect(reports.oracle.wrongTools).toBe(0);
    expect(reports.oracle.errors).toBe(0);
  });

  it('answers a model that asks to confirm a change first, as the task says, and judges the state after', () => {
    expect(failuresOf(reports.cautious)).toEqual([]);
    const confirming = tasks.filter((t) => t.confirmReply !== undefined);
    expect(confirming.length).toBeGreaterThanOrEqual(15);
    for (const r of reports.cautious.results) {
      const task = tasks.find((t) => t.id === r.task)!;
      expect(r.asked).toEqual(
        task.confirmReply === undefined ? task.turns : [...task.turns, task.confirmReply],
      );
    }
    // The oracle does not ask, so the person sends only the task's turns.
    for (const r of reports.oracle.results)
      expect(r.asked).toEqual(tasks.find((t) => t.id === r.task)!.turns);
  });

  it('tells a request for confirmation from other questions', () => {
    for (const answer of [
      'I will add MobilePhone (PhoneRuMask) to Employees. Shall I go ahead?',
      'Do you want me to delete BadgeNumber?',
      'Будет создан шаблон Deals. Подтверждаете?',
      'Подтвердите изменение, и я его внесу.',
      'Создать атрибут? Хотите продолжить?',
    ])
      expect(asksConfirmation(answer), answer).toBe(true);
    for (const answer of [
      'There is a Staff template in both HR and Fleet. Which one should get the Comment attribute?',
      'Какой из Ивановых вам нужен?',
      'Added MobilePhone to Employees.',
      'Готово: атрибут создан.',
    ])
      expect(asksConfirmation(answer), answer).toBe(false);
  });

  it('fails every task with its wrong plan', () => {
    expect(reports.wrong.results.filter((r) => r.pass).map((r) => r.task)).toEqual([]);
    expect(reports.wrong.errors).toBe(0);
    // The wrong plans that call a write tool the oracle never uses are counted.
    expect(reports.wrong.wrongTools).toBeGreaterThan(0);
  });

  it('passes no task with a model that only echoes the question', () => {
    expect(reports.echo.passed).toBe(0);
    expect(reports.echo.toolCallsPerTask).toBe(0);
    expect(reports.echo.errors).toBe(0);
  });

  it('proves every kind of check able to pass (oracle) and to fail (wrong plan or echo)', () => {
    const kinds = (results: ModelReport['results'], pass: boolean) =>
      new Set(
        results.flatMap((r) => r.checks.filter((c) => c.pass === pass).map((c) => Object.keys(c.check)[0]!)),
      );
    const used = new Set(tasks.flatMap((t) => t.checks.map((c) => Object.keys(c)[0]!)));
    const passed = kinds(reports.oracle.results, true);
    const failed = kinds([...reports.wrong.results, ...reports.echo.results], false);
    for (const kind of used) {
      expect(passed, kind).toContain(kind);
      expect(failed, kind).toContain(kind);
    }
    expect([...used].sort()).toEqual(
      [
        'answerExcludes',
        'answerIncludes',
        'answerIncludesAny',
        'applicationExists',
        'attributeExists',
        'formHasField',
        'noRequests',
        'recordCount',
        'recordExists',
        'requested',
        'templateExists',
        'unchanged',
      ].sort(),
    );
  });

  it('measures tool calls, approvals, invalid arguments and tokens from the run events', () => {
    const byTask = new Map(reports.oracle.results.map((r) => [r.task, r]));
    expect(byTask.get('deals-template-ru')).toMatchObject({ toolCalls: 4, wrongTools: 0 });
    expect(byTask.get('hr-delete-badge-en')?.approvals).toEqual({ approved: 1, denied: 0 });
    expect(byTask.get('deny-delete-salary-ru')?.approvals).toEqual({ approved: 0, denied: 1 });
    // The platform's refusal to delete a system attribute is a 400 the model caused.
    expect(byTask.get('system-attribute-en')?.invalidArgs).toBe(1);
    expect(byTask.get('wrong-password-en')?.failedCalls[0]).toMatchObject({
      tool: 'list_applications',
      status: 401,
    });
    expect(reports.oracle.inputTokens).toBeGreaterThan(0);
    expect(reports.oracle.outputTokens).toBeGreaterThan(0);
    // The simulator reports no price: the cost is unknown, not 0.
    expect(reports.oracle.costUsd).toBeNull();
    // The wrong plan of remove-email-from-form-ru deletes an attribute: a write tool the oracle never calls.
    expect(reports.wrong.results.find((r) => r.task === 'remove-email-from-form-ru')?.wrongTools).toBe(1);
  });
});

describe('pass^k and the baseline comparison', () => {
  it('estimates pass^k per task as C(c,k)/C(n,k), averaged over tasks', () => {
    const outcomes = [
      { n: 3, c: 2 },
      { n: 3, c: 3 },
      { n: 3, c: 0 },
    ];
    expect(passHatK(outcomes, 1)).toBeCloseTo((2 / 3 + 1 + 0) / 3);
    expect(passHatK(outcomes, 2)).toBeCloseTo((1 / 3 + 1 + 0) / 3);
    expect(passHatK(outcomes, 3)).toBeCloseTo((0 + 1 + 0) / 3);
    expect(() => passHatK(outcomes, 4)).toThrow(/at least 4 runs/);
  });

  it('sums costs only when every run had one in dollars, and counts passes by kind and language', () => {
    const runs = reports.oracle.results.slice(0, 3);
    const priced = runs.map((r, i) => ({ ...r, costUsd: [0.01, 0.02, 0.005][i] }));
    expect(summarizeModel('m', priced, 1).costUsd).toBeCloseTo(0.035);
    expect(summarizeModel('m', [...priced, { ...runs[0]!, costUsd: undefined }], 1).costUsd).toBeNull();
    const groups = reports.oracle.groups;
    expect(groups.ru!.runs + groups.en!.runs).toBe(tasks.length);
    expect(groups.read!.runs + groups.change!.runs + groups.trap!.runs).toBe(tasks.length);
    expect(reports.wrong.groups.trap).toEqual({
      runs: tasks.filter((t) => t.kind === 'trap').length,
      passed: 0,
    });
  });

  it('compares pass rates per model and names the tasks that regressed or were fixed', () => {
    const report = (models: ModelReport[]): EvalReport => ({
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      commit: 'abc1234',
      options: { repeat: 1, concurrency: 1, taskIds: tasks.map((t) => t.id) },
      models,
      elapsedMs: 1,
    });
    const as = (model: ModelReport, name: string): ModelReport => ({ ...model, model: name });
    const baseline = report([as(reports.oracle, 'm'), as(reports.wrong, 'n')]);
    const current = report([as(reports.wrong, 'm'), as(reports.oracle, 'n'), as(reports.echo, 'new')]);
    const [m, n, fresh] = compareBaseline(current, baseline);
    expect(m).toMatchObject({ model: 'm', baselinePassRate: 1, passRate: 0, delta: -1, fixed: [] });
    expect(m!.regressed).toHaveLength(tasks.length);
    expect(n).toMatchObject({ model: 'n', delta: 1, regressed: [] });
    expect(n!.fixed).toHaveLength(tasks.length);
    expect(fresh).toMatchObject({ model: 'new', baselinePassRate: null, delta: null });
  });
});

describe('npm run eval', () => {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const cli = path.join(ROOT, 'eval', 'run.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'cmw-eval-test-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/_API_KEY$|^GEMINI_KEY$|_BASE_URL$/.test(name)),
  );

  it('writes the JSON report and the Markdown summary, with pass^k and the baseline comparison', async () => {
    const baseline = path.join(dir, 'baseline.json');
    const firstTask = { ...reports.oracle.results[0]!, task: 'jane-phone-en', pass: false };
    writeFileSync(
      baseline,
      JSON.stringify({
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        commit: null,
        options: { repeat: 1, concurrency: 1, taskIds: ['jane-phone-en'] },
        models: [{ ...reports.oracle, passRate: 0.5, results: [firstTask] }],
        elapsedMs: 1,
      }),
    );
    const file = path.join(dir, 'report.json');
    const { stdout } = await run(
      tsx,
      [
        cli,
        '--oracle',
        '--echo',
        '--tasks',
        'hr-templates-ru,jane-phone-en',
        '--repeat',
        '2',
        '--report',
        file,
        '--baseline',
        baseline,
      ],
      { cwd: dir, env },
    );
    const report = JSON.parse(readFileSync(file, 'utf8')) as EvalReport;
    expect(report).toMatchObject({
      version: 1,
      options: { repeat: 2, taskIds: ['hr-templates-ru', 'jane-phone-en'] },
    });
    expect(report.models.map((m) => [m.model, m.tasks, m.runs, m.passed])).toEqual([
      ['sim:oracle-plan', 2, 4, 4],
      ['sim:echo', 2, 4, 0],
    ]);
    expect(report.models[0]!.passHatK).toEqual({ '1': 1, '2': 1 });
    expect(report.models[1]!.passHatK).toEqual({ '1': 0, '2': 0 });
    expect(report.models[0]!.results[0]).toMatchObject({ task: 'hr-templates-ru', repeat: 0, pass: true });
    expect(stdout).toMatch(/\| model +\| tasks \| runs \| passed \| pass +\| pass\^k/);
    expect(stdout).toContain('50.0 %'); // the baseline's pass rate of sim:oracle-plan
    expect(stdout).toMatch(/jane-phone-en/); // fixed since the baseline
    const markdown = readFileSync(file.replace(/\.json$/, '.md'), 'utf8');
    expect(markdown).toContain('| sim:oracle-plan');
    expect(markdown).toContain('## Failed runs of sim:echo');
    expect(markdown).toMatch(/\| jane-phone-en +\| en +\| read +\| 2\/2 +\| 0\/2 +\|/);
  }, 30_000);

  it('refuses a model whose provider has no key, saying which variable to set', async () => {
    const failure = await run(tsx, [cli, '--model', 'openrouter:qwen/qwen3.6-plus'], { cwd: dir, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('OPENROUTER_API_KEY');
  }, 30_000);
});
