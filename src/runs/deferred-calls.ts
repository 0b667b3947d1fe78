import { randomBytes } from 'node:crypto';
import type { ModelMessage, ToolSet } from 'ai';
import type { PendingCall, SessionStore } from '../sessions/session-store.js';
import type { ApprovalDecision, HeldCall } from '../tools/approval-gate.js';
import { canonicalJson } from '../tools/call-coordinator.js';
import { isConfirmation } from './is-confirmation.js';
import type { RunLog } from './run-log.js';

/**
 * Held calls of a run on a surface that cannot ask the person during the run (`/call`, Gradio, OpenAI). Such a
 * call is not run: the model is told to ask for confirmation, and the first one held is kept in the session. The
 * next turn of the session takes it back: when the person's message confirms it ({@link isConfirmation}), the server
 * runs exactly that call (same tool, same input) before the model answers, and only it; otherwise it is dropped.
 */
export class DeferredCalls {
  readonly #sessions: SessionStore;
  readonly #sessionId: string | undefined;
  /** The call the person confirmed with this turn's message; approved once, by {@link perform}. */
  readonly #confirmed: PendingCall | undefined;
  #confirmedUsed = false;
  #held: PendingCall | undefined;

  private constructor(
    sessions: SessionStore,
    sessionId: string | undefined,
    confirmed: PendingCall | undefined,
  ) {
    this.#sessions = sessions;
    this.#sessionId = sessionId;
    this.#confirmed = confirmed;
  }

  /**
   * Takes the session's held call back (it is cleared either way) and sees whether `question` confirms it.
   * @param sessionId - the run's session; without one nothing is kept or confirmed
   */
  static async open(
    sessions: SessionStore,
    sessionId: string | undefined,
    question: string,
  ): Promise<DeferredCalls> {
    if (sessionId === undefined) return new DeferredCalls(sessions, undefined, undefined);
    const pending = await sessions.getPendingCall(sessionId);
    if (pending) await sessions.setPendingCall(sessionId, undefined);
    return new DeferredCalls(sessions, sessionId, pending && isConfirmation(question) ? pending : undefined);
  }

  /** The gate's answer for a held call: approved once for the confirmed call itself, else deferred (and kept). */
  ask(call: HeldCall): Promise<ApprovalDecision> {
    const confirmed = this.#confirmed;
    if (
      confirmed &&
      !this.#confirmedUsed &&
      call.toolName === confirmed.toolName &&
      canonicalJson(call.input) === canonicalJson(confirmed.input)
    ) {
      this.#confirmedUsed = true;
      return Promise.resolve({ approved: true });
    }
    this.#held ??= { toolName: call.toolName, input: call.input, createdAt: new Date().toISOString() };
    return Promise.resolve({ approved: false, deferred: true });
  }

  /**
   * Runs the confirmed call, if any, through the run's tools (so the gate, the platform client and the secrets
   * scrubbing apply as to any call), with its events in the run's log.
   * @returns the tool call and its result as messages for the model, after the person's message (empty when none)
   */
  async perform(tools: ToolSet, run: RunLog, signal: AbortSignal): Promise<ModelMessage[]> {
    const call = this.#confirmed;
    const execute = call && tools[call.toolName]?.execute;
    if (!call || !execute) return [];
    const toolCallId = `confirmed_${randomBytes(12).toString('hex')}`;
    const { toolName, input } = call;
    run.append({ type: 'tool-call-start', step: 0, toolCallId, toolName, input });
    const started = performance.now();
    const output: unknown = await execute(input, { toolCallId, messages: [], abortSignal: signal });
    const isError = (output as { success?: unknown } | null)?.success === false;
    run.append({
      type: 'tool-call-end',
      step: 0,
      toolCallId,
      toolName,
      output,
      isError,
      durationMs: Math.round(performance.now() - started),
    });
    return [
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId, toolName, input }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId,
            toolName,
            output: { type: 'json', value: (output ?? null) as never },
          },
        ],
      },
    ];
  }

  /** Keeps the first call this turn held in the session, for the person to confirm next turn. */
  async keep(): Promise<void> {
    if (this.#sessionId !== undefined && this.#held)
      await this.#sessions.setPendingCall(this.#sessionId, this.#held);
  }
}
