import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { ApprovalDecision, HeldCall } from '../tools/approval-gate.js';
import type { RunLog } from './run-log.js';

/** Runs whose decided approvals are remembered, at most. */
const DECIDED_RUNS_KEPT = 10_000;

interface Pending {
  readonly runId: string;
  readonly owner: string;
  readonly toolCallId: string;
  readonly settle: (decision: ApprovalDecision, by: 'person' | 'timeout') => void;
}

/**
 * The tool calls held for a person's decision, by approval id, for the runs this process drives. A held call
 * announces itself in its run's log (`tool-approval-request`), waits for {@link decide} or its timeout (a denial),
 * and ends with `tool-approval-end`. The wait does not depend on anyone reading the stream: a reader that
 * reconnects sees the request again and can still decide.
 */
export class ApprovalDesk {
  readonly #pending = new Map<string, Pending>();
  /** Approvals decided, by run: a second decision is a 409, not a 404. Forgotten when the run ends. */
  readonly #decided = new Map<string, Set<string>>();
  /** Time spent waiting, by run (ms), the current wait included: the turn's time limit does not count it. */
  readonly #waits = new Map<string, { total: number; since: number | undefined; open: number }>();

  /**
   * Holds `call` of `run` until a decision, `timeoutMs` (then denied) or `signal` (then the wait rejects).
   * @param owner - who may decide (the run's owner)
   */
  ask(
    run: RunLog,
    owner: string,
    call: HeldCall,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<ApprovalDecision> {
    signal.throwIfAborted();
    const approvalId = randomUUID();
    const wait = this.#waits.get(run.id) ?? { total: 0, since: undefined, open: 0 };
    this.#waits.set(run.id, wait);
    if (wait.open++ === 0) wait.since = Date.now();
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#pending.delete(approvalId);
        let decided = this.#decided.get(run.id);
        if (!decided) this.#decided.set(run.id, (decided = new Set()));
        decided.add(approvalId);
        if (--wait.open === 0 && wait.since !== undefined) {
          wait.total += Date.now() - wait.since;
          wait.since = undefined;
        }
      };
      const settle = (decision: ApprovalDecision, by: 'person' | 'timeout') => {
        finish();
        run.append({
          type: 'tool-approval-end',
          approvalId,
          toolCallId: call.toolCallId,
          approved: decision.approved,
          ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
          by,
        });
        resolve(decision);
      };
      const onAbort = () => {
        finish();
        run.append({
          type: 'tool-approval-end',
          approvalId,
          toolCallId: call.toolCallId,
          approved: false,
          by: 'cancel',
        });
        reject(signal.reason as Error);
      };
      const timer = setTimeout(
        () =>
          settle(
            { approved: false, reason: `no decision within ${Math.round(timeoutMs / 1000)} s` },
            'timeout',
          ),
        timeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(approvalId, { runId: run.id, owner, toolCallId: call.toolCallId, settle });
      run.append({
        type: 'tool-approval-request',
        approvalId,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input,
        expiresAt: Date.now() + timeoutMs,
      });
    });
  }

  /**
   * A person's decision on a held call.
   * @throws AppError UNKNOWN_APPROVAL when this run holds no such approval for `owner`; APPROVAL_DECIDED when it
   *   was already decided
   */
  decide(runId: string, approvalId: string, owner: string, decision: ApprovalDecision): void {
    const pending = this.#pending.get(approvalId);
    if (pending && pending.runId === runId && pending.owner === owner)
      return pending.settle(decision, 'person');
    if (!pending && this.#decided.get(runId)?.has(approvalId))
      throw new AppError('APPROVAL_DECIDED', 'This approval was already decided.');
    throw new AppError('UNKNOWN_APPROVAL', `Unknown approval "${approvalId.slice(0, 64)}" for this run.`);
  }

  /** Whether this process holds (or held and decided) this approval of this run. */
  holds(runId: string, approvalId: string): boolean {
    return (
      this.#pending.get(approvalId)?.runId === runId || (this.#decided.get(runId)?.has(approvalId) ?? false)
    );
  }

  /** Milliseconds `runId` has spent waiting for decisions so far, the current wait included. */
  heldMs(runId: string): number {
    const wait = this.#waits.get(runId);
    if (!wait) return 0;
    return wait.total + (wait.since !== undefined ? Date.now() - wait.since : 0);
  }

  /**
   * Forgets the waits of a run that ended (its pending approvals ended with it). Its decided approvals stay known
   * (a late decision is a 409), the oldest runs' forgotten beyond {@link DECIDED_RUNS_KEPT}.
   */
  forget(runId: string): void {
    this.#waits.delete(runId);
    for (const oldest of this.#decided.keys()) {
      if (this.#decided.size <= DECIDED_RUNS_KEPT) break;
      this.#decided.delete(oldest);
    }
  }
}
