import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ModelMessage } from 'ai';
import type { Logger } from 'pino';
import { runAgentTurn, type AgentTurnResult } from '../agent/run-agent-turn.js';
import type { Config } from '../config/config.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { initializingError, type ActiveModel, type LlmService } from '../llm/llm-service.js';
import type { SessionStore, StoredTurn } from '../sessions/session-store.js';
import { buildTools } from '../tools/build-tools.js';
import type { PlatformCredentials } from '../tools/tool-context.js';
import { AdmissionQueue, type Lease } from './admission-queue.js';
import type { RunStatus } from './run-event.js';
import { RunLog, type RunApi } from './run-log.js';
import type { RunObserver } from './run-observer.js';
import { RunRegistry } from './run-registry.js';

/** What a caller asks for. */
export interface StartRunInput {
  readonly api: RunApi;
  /**
   * Who owns the run and the session it creates: the native client key's hash, or a surface namespace with the
   * API key that made it (`gradio:<key id>`, `openai:<key id>`). Runs and sessions resolve only for their owner.
   */
  readonly owner: string;
  readonly question: string;
  /**
   * Conversation id, already inside the owner's namespace (the HTTP layer derives it from what the client sent);
   * without one the run is a fresh conversation that is not stored.
   */
  readonly sessionId?: string | undefined;
  /**
   * The id the client itself sent for the conversation, when it differs from `sessionId`: a conversation stored
   * under it before sessions had owners is adopted into `sessionId` (see `SessionStore.adoptLegacySession`).
   */
  readonly clientSessionId?: string | undefined;
  readonly credentials: PlatformCredentials;
  /**
   * Earlier turns supplied by the caller (the OpenAI `messages` array), oldest first. When given, it replaces the
   * stored history of `sessionId`; with no `sessionId` the turn is not stored.
   */
  readonly history?: readonly (readonly ModelMessage[])[];
  /** A model the provider listed, instead of the configured one (the web chat's model choice). */
  readonly model?: string | undefined;
}

/** Why a run was stopped from outside. */
export type StopReason = 'cancel' | 'shutdown';

/**
 * Creates runs and drives them: admission, history, the agent, saving the turn. A run lives apart from any
 * request: it starts at once and goes on whether or not anyone reads its log.
 */
export class RunManager {
  readonly #config: Config;
  readonly #log: Logger;
  readonly #llm: LlmService;
  readonly #sessions: SessionStore;
  readonly #queue: AdmissionQueue;
  readonly #registry: RunRegistry;
  readonly #observer: RunObserver | undefined;
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  /** @param deps.observer - told of every run event and platform call (the server's metrics) */
  constructor(deps: {
    config: Config;
    logger: Logger;
    llm: LlmService;
    sessions: SessionStore;
    observer?: RunObserver;
  }) {
    this.#config = deps.config;
    this.#log = deps.logger.child({ component: 'runs' });
    this.#llm = deps.llm;
    this.#sessions = deps.sessions;
    this.#queue = new AdmissionQueue(deps.config.queue);
    this.#registry = new RunRegistry(deps.config.runs);
    this.#observer = deps.observer;
  }

  /** Queue figures for health and metrics. */
  get stats(): { running: number; waiting: number; stored: number } {
    return { running: this.#queue.running, waiting: this.#queue.waiting, stored: this.#registry.size };
  }

  /**
   * Creates a run and starts it.
   * @throws AppError QUEUE_FULL or SHUTTING_DOWN, before any run exists
   */
  start(input: StartRunInput): RunLog {
    const observer = this.#observer;
    const run = new RunLog(
      randomBytes(16).toString('hex'),
      input.api,
      input.owner,
      observer && ((event, r) => observer.onEvent(event, r)),
    );
    const controller = new AbortController();
    const log = this.#log.child({
      runId: run.id,
      ...(input.sessionId !== undefined ? { session: fingerprint(input.sessionId) } : {}),
    });

    if (input.question.trim() === '') {
      this.#registry.add(run);
      this.#finish(
        run,
        'failed',
        '',
        new AppError('EMPTY_QUESTION', 'The question is empty: send a question.'),
      );
      return run;
    }

    const ticket = this.#queue.enqueue({
      sessionKey: input.sessionId,
      kind: input.api,
      signal: controller.signal,
      onPosition: (position, queueSize, etaS) => run.append({ type: 'queued', position, queueSize, etaS }),
    });
    this.#registry.add(run);
    const done = this.#drive(run, input, ticket.lease, controller.signal, log).finally(() =>
      this.#active.delete(run.id),
    );
    this.#active.set(run.id, { controller, done });
    return run;
  }

  /** A run by its id, while it is kept, if `owner` owns it (another owner's run is simply unknown). */
  get(runId: string, owner: string): RunLog | undefined {
    const run = this.#registry.get(runId);
    return run?.owner === owner ? run : undefined;
  }

  /** A run by its id whatever its owner: for tests and operations code, never to answer a request. */
  peek(runId: string): RunLog | undefined {
    return this.#registry.get(runId);
  }

  /** The mean seconds a completed run of `api` took once it had a slot; null before one completed (ETAs). */
  averageRunS(api: RunApi): number | null {
    return this.#queue.averageS(api);
  }

  /** Cancels a run; returns false when it is unknown or already over. */
  cancel(runId: string): boolean {
    const active = this.#active.get(runId);
    if (!active) return false;
    active.controller.abort('cancel' satisfies StopReason);
    return true;
  }

  /** Stops admitting, cancels what runs (partial answers are saved), and waits for the runs to settle. */
  async shutdown(graceMs: number): Promise<void> {
    this.#queue.close();
    const pending = [...this.#active.values()];
    // Let running turns finish within the grace period, then stop them.
    const timer = setTimeout(() => {
      for (const a of this.#active.values()) a.controller.abort('shutdown' satisfies StopReason);
    }, graceMs);
    await Promise.allSettled(pending.map((a) => a.done));
    clearTimeout(timer);
    this.#registry.close();
  }

  async #drive(
    run: RunLog,
    input: StartRunInput,
    leasePromise: Promise<Lease>,
    signal: AbortSignal,
    log: Logger,
  ): Promise<void> {
    const deadline = Date.now() + this.#config.queue.timeoutMs;
    let lease: Lease | undefined;
    await this.#record(log, () =>
      this.#sessions.recordRunStart({
        runId: run.id,
        sessionId: input.sessionId,
        ownerHash: input.owner,
        question: input.question,
        startedAt: new Date().toISOString(),
      }),
    );
    try {
      try {
        lease = await leasePromise;
      } catch (error) {
        if (
          isAppError(error) &&
          error.code === 'QUEUE_TIMEOUT' &&
          this.#llm.status.state === 'initializing'
        ) {
          throw initializingError();
        }
        throw error;
      }
      // Only the first discovery is waited for; once it has ended, whenReady answers (or fails) at once.
      const ready =
        this.#llm.status.state !== 'initializing'
          ? await this.#llm.whenReady(signal)
          : await this.#waitUntilReady(signal, deadline);
      const active = input.model !== undefined ? this.#llm.modelFor(input.model) : ready;
      run.append({ type: 'run-start', model: active.modelId });
      log.info({ api: input.api, model: active.modelId }, 'run started');

      if (input.sessionId !== undefined && input.clientSessionId !== undefined)
        await this.#sessions.adoptLegacySession(input.clientSessionId, input.sessionId, input.owner);
      const history = input.history ?? (await this.#storedHistory(input.sessionId));
      const now = new Date();
      const turn = runAgentTurn({
        model: active.model,
        modelId: active.modelId,
        history,
        question: input.question,
        tools: buildTools({
          credentials: input.credentials,
          platform: this.#config.platform,
          secrets: [this.#config.llm.openai.apiKey, this.#config.llm.openrouter.apiKey],
          timezone: this.#config.agent.timezone,
          now: () => new Date(),
          onPlatformCall: this.#observer?.onPlatformCall,
        }),
        maxSteps: this.#config.agent.maxSteps,
        contextTokens: active.contextTokens,
        maxOutputTokens: this.#config.agent.maxOutputTokens,
        maxRetries: this.#config.llm.maxRetries,
        timeoutMs: this.#config.llm.timeoutMs,
        chunkTimeoutMs: this.#config.llm.chunkTimeoutMs,
        timezone: this.#config.agent.timezone,
        now,
        signal,
        toError: (error, ctx) => this.#llm.toError(error, ctx.streamed),
      });
      let step = await turn.next();
      while (!step.done) {
        run.append(step.value);
        step = await turn.next();
      }
      const result = step.value;
      if (result.droppedTurns > 0) log.info({ droppedTurns: result.droppedTurns }, 'history trimmed to fit');
      if (input.sessionId !== undefined)
        await this.#save(
          input.sessionId,
          input.owner,
          input.question,
          now,
          active.modelId,
          result,
          log,
          run.id,
        );
      this.#end(run, result, signal, log);
    } catch (error) {
      if (signal.aborted && !isAppError(error)) {
        this.#finish(run, 'cancelled', '', cancelError(signal));
        return;
      }
      const appError = isAppError(error)
        ? error
        : new AppError('INTERNAL', 'Internal error while running the agent.', { cause: error });
      if (!isAppError(error)) log.error({ err: error }, 'run crashed');
      else log.warn({ code: appError.code }, appError.message);
      this.#finish(run, 'failed', '', appError);
    } finally {
      lease?.release({ completed: run.status === 'completed' });
      await this.#record(log, () => this.#sessions.recordRunEnd(run.id, run.status ?? 'failed'));
    }
  }

  /**
   * Writes a run record (start or end: what a restart after a crash recovers from); a store that fails is logged,
   * and the run goes on.
   */
  async #record(log: Logger, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      log.error({ err: error }, 'could not write the run record');
    }
  }

  /** Waits for the LLM provider until the run's queue deadline (then APP_INITIALIZING), or its cancel. */
  async #waitUntilReady(signal: AbortSignal, deadline: number): Promise<ActiveModel> {
    // A plain timer cleared afterwards: AbortSignal.timeout would keep the run reachable until it fired.
    const wait = new AbortController();
    const onCancel = () => wait.abort(signal.reason);
    signal.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => wait.abort(initializingError()), Math.max(0, deadline - Date.now()));
    try {
      return await this.#llm.whenReady(wait.signal);
    } catch (error) {
      if (isAppError(error) || signal.aborted) throw error;
      throw initializingError();
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCancel);
    }
  }

  async #storedHistory(sessionId: string | undefined): Promise<ModelMessage[][]> {
    if (sessionId === undefined) return [];
    const turns = await this.#sessions.getTurns(sessionId);
    // A turn that failed before the model said anything holds only its question: leave it out.
    return turns.filter((t) => t.messages.length > 1).map((t) => t.messages);
  }

  async #save(
    sessionId: string,
    owner: string,
    question: string,
    at: Date,
    model: string,
    result: AgentTurnResult,
    log: Logger,
    runId: string,
  ) {
    const stored: StoredTurn = {
      id: randomUUID(),
      createdAt: at.toISOString(),
      status:
        result.status === 'completed' ? 'completed' : result.messages.length > 1 ? 'interrupted' : 'failed',
      question,
      answer: result.text,
      messages: result.messages,
      model,
      usage: result.usage,
      durationMs: Date.now() - at.getTime(),
      toolDurationsMs: result.toolDurationsMs,
      ...(result.error
        ? { errorCode: result.error.code }
        : result.status === 'cancelled'
          ? { errorCode: 'RUN_CANCELLED' }
          : {}),
    };
    try {
      // Closes the run record in the same transaction: a crash now leaves no `running` record behind the turn.
      await this.#sessions.appendTurn(sessionId, stored, owner, runId);
    } catch (error) {
      log.error({ err: error }, 'could not save the turn');
    }
  }

  #end(run: RunLog, result: AgentTurnResult, signal: AbortSignal, log: Logger): void {
    if (result.status === 'failed' && result.error) {
      log.warn({ code: result.error.code }, result.error.message);
      this.#finish(run, 'failed', result.text, result.error);
    } else if (result.status === 'cancelled') {
      this.#finish(run, 'cancelled', result.text, cancelError(signal));
    } else {
      log.info({ chars: result.text.length }, 'run completed');
      this.#finish(run, 'completed', result.text);
    }
  }

  /** Ends a run's log: an `error` event when there is one, then `run-end`. */
  #finish(run: RunLog, status: RunStatus, text: string, error?: AppError): void {
    if (error) run.append({ type: 'error', code: error.code, message: error.message });
    run.append({ type: 'run-end', status, text });
  }
}

function cancelError(signal: AbortSignal): AppError {
  return new AppError(
    'RUN_CANCELLED',
    signal.reason === 'shutdown'
      ? 'The server shut down before the answer was complete.'
      : 'The run was cancelled.',
  );
}

/** A short, non-reversible tag for a session id, safe for logs (ids are secrets). */
export function fingerprint(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 12);
}
