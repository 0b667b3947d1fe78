import { createParser } from 'eventsource-parser';
import { TOOL_METADATA } from '../src/tools/tool-registry.js';
import { newClientKey } from '../test/helpers/native-client.js';
import { startPlatformSimulator } from '../test/sim/platform/platform-simulator.js';
import { asksConfirmation } from './asks-confirmation.js';
import type { EvalTask } from './eval-task.js';
import { platformSnapshot } from './platform-snapshot.js';
import { runChecks, type CheckResult } from './run-checks.js';

/** The analyst the agent logs in as on every task's platform simulator. */
const ANALYST = { login: 'analyst', password: 'analyst-password' };
const LOAD_TOOLS = 'load_tools';
const DENIAL = 'No, that is not what I asked for.';

/** One run of one task against one model, with what the suite measures. */
export interface TaskRunResult {
  readonly task: string;
  readonly lang: EvalTask['lang'];
  readonly kind: EvalTask['kind'];
  /** 0-based repeat. */
  readonly repeat: number;
  readonly pass: boolean;
  readonly checks: readonly CheckResult[];
  /** Why the run could not be judged normally (a failed run, a timeout); the task then fails. */
  readonly error?: string;
  /** The last turn's answer. */
  readonly answer: string;
  /** The messages the person sent: the task's turns, then any reply to a request for confirmation. */
  readonly asked: readonly string[];
  /** Tool calls, `load_tools` not counted. */
  readonly toolCalls: number;
  /** Names of the tools called, in order (`load_tools` included). */
  readonly tools: readonly string[];
  /** Calls of a tool that changes the platform which the oracle plan never calls, or of an unknown tool. */
  readonly wrongTools: number;
  /** Tool results that refused the arguments: the SDK's schema check, or `{success: false, status: 400}`. */
  readonly invalidArgs: number;
  /** The tool calls whose result was a failure: tool, status and the start of the error (what the model read). */
  readonly failedCalls: readonly { tool: string; status: number | null; error: string }[];
  /** Held calls the simulated person approved / denied. */
  readonly approvals: { readonly approved: number; readonly denied: number };
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD, when the server knew every run's cost in dollars; undefined otherwise. */
  readonly costUsd: number | undefined;
  readonly wallMs: number;
}

/** How many times the simulated person answers a request for confirmation after the task's last turn. */
const MAX_CONFIRMATIONS = 2;

/** Where and with what a task runs. */
export interface TaskTarget {
  /** The eval server's base URL. */
  readonly serverUrl: string;
  /** The model to ask for (`provider:model`). */
  readonly model: string;
  /** Longest wait for one turn's run, in ms. */
  readonly turnTimeoutMs: number;
}

interface Event {
  type: string;
  [field: string]: unknown;
}

async function postJson(url: string, key: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'x-client-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: response.status, json };
}

function holds(expected: Record<string, unknown>, actual: unknown): boolean {
  const input = (actual ?? {}) as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => JSON.stringify(input[k]) === JSON.stringify(v));
}

/** Reads a run's events to the end, answering its approval requests as the task's person would. */
async function followRun(
  target: TaskTarget,
  key: string,
  runId: string,
  task: EvalTask,
  signal: AbortSignal,
): Promise<Event[]> {
  const events: Event[] = [];
  const decisions: Promise<unknown>[] = [];
  const response = await fetch(`${target.serverUrl}/api/runs/${runId}/events`, {
    headers: { 'x-client-key': key },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`the run's events answered ${response.status}`);
  const parser = createParser({
    onEvent: (e) => {
      const event = JSON.parse(e.data) as Event;
      events.push(event);
      if (event.type !== 'tool-approval-request') return;
      const approved = (task.approve ?? []).some(
        (a) => a.tool === event.toolName && holds(a.input, event.input),
      );
      decisions.push(
        postJson(`${target.serverUrl}/api/runs/${runId}/approvals/${String(event.approvalId)}`, key, {
          approved,
          ...(approved ? {} : { reason: DENIAL }),
        }),
      );
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  await Promise.all(decisions);
  return events;
}

async function setUp(task: EvalTask, url: string): Promise<void> {
  const auth = `Basic ${Buffer.from(`${ANALYST.login}:${ANALYST.password}`).toString('base64')}`;
  for (const step of task.platform?.setup ?? []) {
    const response = await fetch(`${url}${step.path}`, {
      method: step.method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(step.body !== undefined ? { body: JSON.stringify(step.body) } : {}),
    });
    const text = await response.text();
    if (!response.ok || /"success":\s*false/.test(text))
      throw new Error(`${task.id}: setup ${step.method} ${step.path} failed: ${response.status} ${text}`);
  }
}

/** The tools the oracle plan calls: a call of another write tool counts as a wrong tool. */
function oracleTools(task: EvalTask): Set<string> {
  return new Set(task.oracle.turns.flat().flatMap((s) => (s.toolCalls ?? []).map((c) => c.name)));
}

function failure(event: Event): { tool: string; status: number | null; error: string } | undefined {
  const output = event.output as { success?: unknown; status?: unknown; error?: unknown } | null;
  if (event.isError !== true && output?.success !== false) return undefined;
  const error = event.isError === true ? event.output : output?.error;
  return {
    tool: String(event.toolName),
    status: typeof output?.status === 'number' ? output.status : null,
    error: (typeof error === 'string' ? error : JSON.stringify(error ?? null)).slice(0, 300),
  };
}

function isInvalidArgs(event: Event): boolean {
  if (event.isError === true) return true;
  const output = event.output as { success?: unknown; status?: unknown } | null;
  return output?.success === false && output.status === 400;
}

/**
 * Runs one task once: a fresh platform simulator (the seed plus the task's setup), the task's turns as one native
 * conversation on the eval server (each run names the simulator as its platform), held calls decided as the
 * task's person would, then the checks over the last answer and the simulator's state and requests.
 * @param task - the task
 * @param target - the server and model
 * @param repeat - which repeat this is (0-based), for the report
 */
export async function runTask(task: EvalTask, target: TaskTarget, repeat: number): Promise<TaskRunResult> {
  const started = performance.now();
  const platform = await startPlatformSimulator({
    strict: true,
    seed: task.platform?.seed ?? true,
    users: [ANALYST],
  });
  const events: Event[] = [];
  const asked: string[] = [];
  let error: string | undefined;
  let answer = '';
  let before = '';
  let firstRequest = 0;
  try {
    await setUp(task, platform.url);
    before = platformSnapshot(platform.state);
    firstRequest = platform.requests.length;
    const key = newClientKey();
    let sessionId: string | undefined;
    const queue = [...task.turns];
    for (let question = queue.shift(); question !== undefined; question = queue.shift()) {
      asked.push(question);
      const signal = AbortSignal.timeout(target.turnTimeoutMs);
      const start = await postJson(`${target.serverUrl}/api/runs`, key, {
        question,
        model: target.model,
        ...(sessionId !== undefined ? { session_id: sessionId } : {}),
        credentials: {
          base_url: platform.url,
          username: ANALYST.login,
          password: task.platform?.password ?? ANALYST.password,
        },
      });
      if (start.status !== 202)
        throw new Error(`POST /api/runs answered ${start.status}: ${JSON.stringify(start.json)}`);
      sessionId = start.json.session_id as string;
      const runId = start.json.run_id as string;
      const turn = await followRun(target, key, runId, task, signal).catch(async (e: unknown) => {
        if (!signal.aborted) throw e;
        // The run would go on without a reader: stop it, and say which turn ran out of time.
        await postJson(`${target.serverUrl}/api/runs/${runId}/cancel`, key, {}).catch(() => undefined);
        throw new Error(`turn ${asked.length} took longer than ${target.turnTimeoutMs / 1000} s`);
      });
      events.push(...turn);
      const end = turn.findLast((e) => e.type === 'run-end');
      answer = typeof end?.text === 'string' ? end.text : '';
      if (end?.status !== 'completed') {
        const failure = turn.findLast((e) => e.type === 'error');
        const status = typeof end?.status === 'string' ? end.status : 'without run-end';
        const why = failure ? `: ${String(failure.code)} ${String(failure.message)}` : '';
        throw new Error(`the run ended ${status}${why}`);
      }
      // After the last turn, a model that asks before changing anything (as the system prompt says) gets the
      // person's reply, as a real analyst would give it; the checks then read the state after that.
      const confirmations = asked.length - task.turns.length;
      if (
        queue.length === 0 &&
        task.confirmReply !== undefined &&
        confirmations < MAX_CONFIRMATIONS &&
        asksConfirmation(answer)
      )
        queue.push(task.confirmReply);
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const checks = error
    ? []
    : runChecks(task.checks, {
        answer,
        state: platform.state,
        before,
        requests: platform.requests.slice(firstRequest),
      });
  await platform.close();

  const calls = events.filter((e) => e.type === 'tool-call-start').map((e) => String(e.toolName));
  const allowed = oracleTools(task);
  const usages = events.filter((e) => e.type === 'usage');
  const costs = usages.map((u) => (typeof u.costUsd === 'number' ? u.costUsd : undefined));
  const approvals = events.filter((e) => e.type === 'tool-approval-end');
  return {
    task: task.id,
    lang: task.lang,
    kind: task.kind,
    repeat,
    pass: error === undefined && checks.every((c) => c.pass),
    checks,
    ...(error !== undefined ? { error } : {}),
    answer,
    asked,
    toolCalls: calls.filter((name) => name !== LOAD_TOOLS).length,
    tools: calls,
    wrongTools: calls.filter(
      (name) => name !== LOAD_TOOLS && !allowed.has(name) && TOOL_METADATA[name]?.readOnly !== true,
    ).length,
    invalidArgs: events.filter((e) => e.type === 'tool-call-end' && isInvalidArgs(e)).length,
    failedCalls: events
      .filter((e) => e.type === 'tool-call-end')
      .map(failure)
      .filter((f) => f !== undefined),
    approvals: {
      approved: approvals.filter((e) => e.approved === true).length,
      denied: approvals.filter((e) => e.approved !== true).length,
    },
    inputTokens: usages.reduce((sum, u) => sum + (Number(u.inputTokens) || 0), 0),
    outputTokens: usages.reduce((sum, u) => sum + (Number(u.outputTokens) || 0), 0),
    costUsd:
      costs.length > 0 && costs.every((c) => c !== undefined)
        ? costs.reduce<number>((a, c) => a + (c ?? 0), 0)
        : undefined,
    wallMs: Math.round(performance.now() - started),
  };
}
