import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalTaskSchema, type EvalTask, type Plan } from './eval-task.js';

/** The folder of the suite's task files. */
export const TASKS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tasks');

function checkPlan(task: EvalTask, name: 'oracle' | 'wrong', plan: Plan): void {
  if (plan.turns.length !== task.turns.length)
    throw new Error(
      `${task.id}: the ${name} plan has ${plan.turns.length} turns, the task ${task.turns.length}`,
    );
  plan.turns.forEach((steps, turn) => {
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      if (last && (step.toolCalls !== undefined || step.text === undefined))
        throw new Error(
          `${task.id}: turn ${turn + 1} of the ${name} plan must end with text and no tool calls`,
        );
      if (!last && step.toolCalls === undefined)
        throw new Error(`${task.id}: step ${i + 1} of turn ${turn + 1} of the ${name} plan needs tool calls`);
    });
  });
}

/**
 * Reads and validates every task file of `dir` (`<id>.json`, one task each), sorted by id.
 * @param dir - the folder; default {@link TASKS_DIR}
 * @param only - keep only these ids (an unknown id is an error)
 */
export function loadTasks(dir: string = TASKS_DIR, only?: readonly string[]): EvalTask[] {
  const tasks: EvalTask[] = [];
  const firstTurns = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const parsed = evalTaskSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`);
    const task = parsed.data;
    if (`${task.id}.json` !== file) throw new Error(`${file}: the id must be the file name (${task.id})`);
    checkPlan(task, 'oracle', task.oracle);
    checkPlan(task, 'wrong', task.wrong);
    // The plan player recognises a conversation by its first question, so no two tasks may share one.
    const first = task.turns[0]!.trim();
    const other = firstTurns.get(first);
    if (other !== undefined) throw new Error(`${task.id} and ${other} ask the same first question`);
    firstTurns.set(first, task.id);
    tasks.push(task);
  }
  if (only === undefined || only.length === 0) return tasks;
  const known = new Set(tasks.map((t) => t.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`Unknown task ids: ${unknown.join(', ')}`);
  return tasks.filter((t) => only.includes(t.id));
}

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
