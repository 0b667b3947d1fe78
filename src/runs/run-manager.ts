import { createHash, randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import type { ModelMessage } from 'ai';
import type { Logger } from 'pino';
import { runAgentTurn, type AgentTurnResult } from '../agent/run-agent-turn.js';
import type { Config } from '../config/config.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { initializingError, type LlmService, type PickedModel } from '../llm/llm-service.js';
import { ApprovalDesk } from './approval-desk.js';
import { DeferredCalls } from './deferred-calls.js';
import { conversationFiles } from './conversation-files.js';
import { FILE_TOOLS } from '../tools/files/file-tools.js';
import type { McpToolbox } from '../tools/mcp/mcp-toolbox.js';
import type { ApprovalDecision } from '../tools/approval-gate.js';
import type { ModelFallbackNote, SessionStore, StoredFile, StoredTurn } from '../sessions/session-store.js';
import type { RunStart } from '../sessions/run-record.js';
import { buildAgentTools } from '../tools/build-tools.js';
import type { PlatformCredentials } from '../tools/tool-context.js';
import { AdmissionQueue } from './admission-queue.js';
import type { Admission, AdmissionLease, AdmissionRequest } from './admission.js';
import { closeLostRuns } from './close-lost-runs.js';
import type { RedisLease } from './redis/redis-admission-queue.js';
import type { RunCluster } from './redis/run-cluster.js';
import type { RunStatus } from './run-event.js';
import { RunLog, type RunApi } from './run-log.js';
import type { RunObserver } from './run-observer.js';
import { RunRegistry } from './run-registry.js';
import { startRunSpan, type RunSpan, type TraceHeaders } from './run-span.js';
import type { Awaitable, RunStream } from './run-stream.js';
import { randomRunId } from './random-id.js';
import { StartPacer, type EndTurn } from './start-pacer.js';
import { StreamMirror } from './stream-mirror.js';

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
  /**
   * A model instead of the default one: a bare id of the default provider's, or `provider:model` of any configured
   * provider's (the web chat's and the OpenAI endpoint's model choice).
   */
  readonly model?: string | undefined;
  /**
   * The client's own key for the model's provider, for this run only (when ALLOW_CLIENT_LLM_KEYS is on). Never
   * stored, logged or put in an event.
   */
  readonly llmApiKey?: string | undefined;
  /** The trace context of the request that made the run: its span (with tracing on) continues that trace. */
  readonly traceHeaders?: TraceHeaders | undefined;
}

/** Why a run was stopped from outside (an AppError when a shared backend failed under it, clustered mode). */
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
  /** The in-process queue; undefined in clustered mode. */
  readonly #local: AdmissionQueue | undefined;
  readonly #queue: Admission;
  readonly #registry: RunRegistry;
  readonly #observer: RunObserver | undefined;
  readonly #cluster: RunCluster | undefined;
  /** With tracing on (`OTEL_EXPORTER_OTLP_*`): a span per run, with the AI SDK's LLM and tool spans inside. */
  readonly #tracer: Tracer | undefined;
  /** Lets admitted runs do their start-up work in slices between event-loop turns (see `start-pacer.ts`). */
  readonly #pacer = new StartPacer();
  /** Tool calls held for people's decisions (AGENT_APPROVAL), of the runs this process drives. */
  readonly #approvals = new ApprovalDesk();
  /** The tools of external MCP servers (MCP_SERVERS), when there are any. */
  readonly #mcp: McpToolbox | undefined;
  /** This process among the instances sharing Redis (clustered mode): run records name it. */
  readonly #instanceId: string;
  readonly #heartbeat: NodeJS.Timeout | undefined;
  #beating = false;
  /** When this instance last renewed its run leases in Redis (ms since epoch). */
  #renewedAt = Date.now();
  #backendProblem: string | undefined;
  readonly #averages = new Map<string, number | null>();
  readonly #active = new Map<
    string,
    { controller: AbortController; done: Promise<void>; granted: boolean }
  >();

  /**
   * @param deps.observer - told of every run event and platform call (the server's metrics)
   * @param deps.cluster - the clustered mode (`REDIS_URL`): the shared queue, streams, leases and cancels; without
   *   it everything stays in this process
   * @param deps.instanceId - this process among the instances (run records, spans); a new UUID when not given
   * @param deps.tracer - with tracing on: a span per run, its LLM steps, tool calls and platform calls
   */
  constructor(deps: {
    config: Config;
    logger: Logger;
    llm: LlmService;
    sessions: SessionStore;
    observer?: RunObserver;
    cluster?: RunCluster;
    instanceId?: string;
    tracer?: Tracer;
    mcp?: McpToolbox;
  }) {
    this.#config = deps.config;
    this.#instanceId = deps.instanceId ?? randomUUID();
    this.#log = deps.logger.child({ component: 'runs' });
    this.#llm = deps.llm;
    this.#sessions = deps.sessions;
    this.#cluster = deps.cluster;
    this.#local = deps.cluster ? undefined : new AdmissionQueue(deps.config.queue);
    this.#queue = deps.cluster?.admission ?? this.#local!;
    this.#registry = new RunRegistry(deps.config.runs);
    this.#observer = deps.observer;
    this.#tracer = deps.tracer;
    this.#mcp = deps.mcp;
    if (deps.cluster) {
      deps.cluster.onCancel((runId) => this.cancel(runId));
      deps.cluster.onDecision((d) => {
        if (!this.#approvals.holds(d.runId, d.approvalId)) return;
        try {
          this.#approvals.decide(d.runId, d.approvalId, d.owner, { approved: d.approved, reason: d.reason });
        } catch {
          // Decided meanwhile (here, or by its timeout): the first decision stands.
        }
      });
      this.#heartbeat = setInterval(
        () => void this.#beat(),
        Math.max(200, Math.floor(deps.config.redis.leaseMs / 3)),
      ).unref();
    }
  }

  /** Queue figures for health and metrics (in clustered mode: this instance's runs). */
  get stats(): { running: number; waiting: number; stored: number } {
    if (this.#local)
      return { running: this.#local.running, waiting: this.#local.waiting, stored: this.#registry.size };
    let running = 0;
    for (const a of this.#active.values()) if (a.granted) running++;
    return { running, waiting: this.#active.size - running, stored: this.#registry.size };
  }

  /**
   * Why a shared backend cannot take runs now (Redis with `REDIS_URL`, PostgreSQL with `SESSION_STORE=postgres`
   * do not answer), or undefined (`/readyz`).
   */
  async backendProblem(): Promise<string | undefined> {
    const problems = await Promise.all([
      this.#cluster
        ?.ping()
        .then(() => undefined)
        .catch((error: unknown) =>
          isAppError(error) ? error.message : 'Redis (REDIS_URL) does not answer.',
        ),
      this.#sessions
        .ping?.()
        .then(() => undefined)
        .catch((error: unknown) =>
          isAppError(error) ? error.message : 'PostgreSQL (DATABASE_URL) does not answer.',
        ),
    ]);
    const found = problems.filter((p) => p !== undefined);
    return found.length > 0 ? found.join(' ') : undefined;
  }

  /**
   * Creates a run and starts it. In-process the run is there at once; in clustered mode its shared stream is
   * created and it joins the global queue first.
   * @throws AppError QUEUE_FULL, SHUTTING_DOWN or (clustered) BACKEND_UNAVAILABLE, before any run exists
   */
  start(input: StartRunInput): Awaitable<RunLog> {
    if (this.#cluster) return this.#startClustered(this.#cluster, input);
    const controller = new AbortController();
    const run = this.#newRun(randomRunId(), input, undefined);
    if (this.#refuseEmpty(run, input)) return run;
    const ticket = this.#local!.enqueue(this.#admissionRequest(run, input, controller));
    return this.#launch(run, input, ticket.lease, controller, undefined).then(() => run);
  }

  async #startClustered(cluster: RunCluster, input: StartRunInput): Promise<RunLog> {
    const id = randomRunId();
    const stream = await cluster.streams.create(id, input.api, input.owner);
    const controller = new AbortController();
    const mirror = new StreamMirror(stream, (error) => controller.abort(error));
    const run = this.#newRun(id, input, mirror);
    if (this.#refuseEmpty(run, input)) return run;
    const ticket = await cluster.admission.enqueue(this.#admissionRequest(run, input, controller));
    await this.#launch(run, input, ticket.lease, controller, mirror);
    return run;
  }

  #newRun(id: string, input: StartRunInput, mirror: StreamMirror | undefined): RunLog {
    const observer = this.#observer;
    return new RunLog(
      id,
      input.api,
      input.owner,
      mirror
        ? (event, r) => {
            observer?.onEvent(event, r);
            mirror.push(event);
          }
        : observer && ((event, r) => observer.onEvent(event, r)),
    );
  }

  /** Ends a run with an empty question at once (kept for its readers); true when it did. */
  #refuseEmpty(run: RunLog, input: StartRunInput): boolean {
    if (input.question.trim() !== '') return false;
    this.#registry.add(run);
    this.#finish(
      run,
      'failed',
      '',
      new AppError('EMPTY_QUESTION', 'The question is empty: send a question.'),
    );
    return true;
  }

  #admissionRequest(run: RunLog, input: StartRunInput, controller: AbortController): AdmissionRequest {
    return {
      sessionKey: input.sessionId,
      kind: input.api,
      signal: controller.signal,
      onPosition: (position, queueSize, etaS) => run.append({ type: 'queued', position, queueSize, etaS }),
    };
  }

  /**
   * Registers a run and drives it. Settles once the run's start record is written, so the request that started
   * the run answers only when a crash can no longer lose the question (PostgreSQL writes are asynchronous).
   */
  #launch(
    run: RunLog,
    input: StartRunInput,
    lease: Promise<AdmissionLease>,
    controller: AbortController,
    mirror: StreamMirror | undefined,
  ): Promise<void> {
    const log = this.#log.child({
      runId: run.id,
      ...(input.sessionId !== undefined ? { session: fingerprint(input.sessionId) } : {}),
    });
    this.#registry.add(run);
    const record: RunStart = {
      runId: run.id,
      sessionId: input.sessionId,
      ownerHash: input.owner,
      question: input.question,
      startedAt: new Date().toISOString(),
    };
    const cluster = this.#cluster;
    const recorded = this.#record(log, () =>
      this.#sessions.recordRunStart({
        ...record,
        // The record's lease outlasts the Redis one: a lost run is closed by the lease sweep (with its partial
        // answer) before a restarting instance would close it from the record alone.
        ...(cluster
          ? {
              instanceId: this.#instanceId,
              leaseExpiresAt: new Date(Date.now() + 2 * this.#config.redis.leaseMs).toISOString(),
            }
          : {}),
      }),
    );
    const drive = () => this.#drive(run, input, lease, controller.signal, log, mirror, record, recorded);
    const span =
      this.#tracer &&
      startRunSpan(this.#tracer, {
        id: run.id,
        api: input.api,
        sessionFingerprint: input.sessionId !== undefined ? fingerprint(input.sessionId) : undefined,
        traceHeaders: input.traceHeaders,
      });
    const done = (span ? span.within(drive) : drive()).finally(() => {
      this.#active.delete(run.id);
      if (span) endRunSpan(span, run);
    });
    this.#active.set(run.id, { controller, done, granted: false });
    return recorded;
  }

  /**
   * A run by its id, while it is kept, if `owner` owns it (another owner's run is simply unknown). In clustered
   * mode a run this instance does not hold is looked up in Redis: any instance finds any run.
   * @throws AppError BACKEND_UNAVAILABLE (clustered mode)
   */
  get(runId: string, owner: string): Awaitable<RunStream | undefined> {
    const run = this.#registry.get(runId);
    if (run || !this.#cluster) return run?.owner === owner ? run : undefined;
    return this.#cluster.streams.open(runId).then((stream) => (stream?.owner === owner ? stream : undefined));
  }

  /** A run by its id whatever its owner: for tests and operations code, never to answer a request. */
  peek(runId: string): RunLog | undefined {
    return this.#registry.get(runId);
  }

  /**
   * The mean seconds a completed run of `api` took once it had a slot; null before one completed (ETAs). In
   * clustered mode the figure of the last look at Redis (refreshed in the background).
   */
  averageRunS(api: RunApi): number | null {
    if (this.#local) return this.#local.averageS(api);
    void Promise.resolve(this.#queue.averageS(api)).then(
      (s) => this.#averages.set(api, s),
      () => undefined,
    );
    return this.#averages.get(api) ?? null;
  }

  /**
   * A person's decision on a call `runId` holds for approval (see `AGENT_APPROVAL`): taken here when this instance
   * drives the run, else (clustered mode) checked against the run's events and sent to the instance that does.
   * @param owner - who decides: only the run's owner can
   * @throws AppError UNKNOWN_APPROVAL (also for another owner); APPROVAL_DECIDED when it was already decided;
   *   BACKEND_UNAVAILABLE (clustered mode)
   */
  async decideApproval(
    runId: string,
    approvalId: string,
    owner: string,
    decision: ApprovalDecision,
  ): Promise<void> {
    if (!this.#cluster || this.#approvals.holds(runId, approvalId))
      return this.#approvals.decide(runId, approvalId, owner, decision);
    const run = await this.get(runId, owner);
    const events = run ? await run.snapshot() : [];
    const asked = (type: string) =>
      events.some((e) => e.type === type && (e as { approvalId?: string }).approvalId === approvalId);
    if (!asked('tool-approval-request'))
      throw new AppError('UNKNOWN_APPROVAL', `Unknown approval "${approvalId.slice(0, 64)}" for this run.`);
    if (asked('tool-approval-end'))
      throw new AppError('APPROVAL_DECIDED', 'This approval was already decided.');
    await this.#cluster.publishDecision({
      runId,
      approvalId,
      owner,
      approved: decision.approved,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    });
  }

  /** Cancels a run this instance drives; returns false when it is unknown here or already over. */
  cancel(runId: string): boolean {
    const active = this.#active.get(runId);
    if (!active) return false;
    active.controller.abort('cancel' satisfies StopReason);
    return true;
  }

  /**
   * Cancels a run wherever it runs: here, or (clustered mode) on the instance that drives it, told through Redis.
   * @returns false when no instance can hold it (in-process: unknown here or already over)
   * @throws AppError BACKEND_UNAVAILABLE (clustered mode)
   */
  async cancelAnywhere(runId: string): Promise<boolean> {
    if (this.cancel(runId)) return true;
    if (!this.#cluster) return false;
    await this.#cluster.publishCancel(runId);
    return true;
  }

  /** Stops admitting, cancels what runs (partial answers are saved), and waits for the runs to settle. */
  async shutdown(graceMs: number): Promise<void> {
    await this.#queue.close();
    const pending = [...this.#active.values()];
    // Let running turns finish within the grace period, then stop them.
    const timer = setTimeout(() => {
      for (const a of this.#active.values()) a.controller.abort('shutdown' satisfies StopReason);
    }, graceMs);
    await Promise.allSettled(pending.map((a) => a.done));
    clearTimeout(timer);
    this.#registry.close();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#cluster?.quit();
  }

  /**
   * Clustered mode, every third of `RUN_LEASE_S`: renews the leases of this instance's runs (Redis and the run
   * records), then closes the runs of instances that stopped renewing theirs.
   */
  async #beat(): Promise<void> {
    const cluster = this.#cluster;
    if (!cluster || this.#beating) return;
    this.#beating = true;
    const leaseMs = this.#config.redis.leaseMs;
    try {
      const ids = [...this.#active.keys()];
      await cluster.renew(ids, Date.now() + leaseMs);
      await closeLostRuns({ cluster, sessions: this.#sessions, observer: this.#observer, logger: this.#log });
      this.#renewedAt = Date.now();
      if (ids.length > 0)
        await this.#sessions.renewRunLeases(
          this.#instanceId,
          new Date(Date.now() + 2 * leaseMs).toISOString(),
        );
      if (this.#backendProblem !== undefined) this.#log.info('the shared backend answers again');
      this.#backendProblem = undefined;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      // Once per outage, not on every beat.
      if (this.#backendProblem === undefined) this.#log.warn({ err: error }, 'run heartbeat failed');
      this.#backendProblem = problem;
      // Leases not renewed for a whole lease: other instances count these runs as lost, and readers elsewhere have
      // lost the stream. End them here too (readers get an error event) rather than go on unseen.
      if (Date.now() - this.#renewedAt > leaseMs) {
        const stop = new AppError(
          'BACKEND_UNAVAILABLE',
          'Redis (REDIS_URL) stopped answering while the run went on; ask again shortly.',
        );
        for (const a of this.#active.values()) a.controller.abort(stop);
      }
    } finally {
      this.#beating = false;
    }
  }

  async #drive(
    run: RunLog,
    input: StartRunInput,
    leasePromise: Promise<AdmissionLease>,
    signal: AbortSignal,
    log: Logger,
    mirror: StreamMirror | undefined,
    record: RunStart,
    recorded: Promise<void>,
  ): Promise<void> {
    const deadline = Date.now() + this.#config.queue.timeoutMs;
    let lease: AdmissionLease | undefined;
    let endTurn: EndTurn | undefined;
    const cluster = this.#cluster;
    await recorded;
    try {
      // Tracking the run's lease and waiting for its slot are independent round trips to Redis: one wait, not two.
      const tracked = cluster?.track(record, Date.now() + this.#config.redis.leaseMs);
      try {
        [lease] = await Promise.all([leasePromise, tracked]);
        const active = this.#active.get(run.id);
        if (active) active.granted = true;
        // A Redis lease found expired: another instance may already have closed this run.
        (lease as Partial<RedisLease>).lost?.addEventListener('abort', () =>
          this.#active
            .get(run.id)
            ?.controller.abort(
              new AppError('INSTANCE_LOST', 'This instance lost the run’s lease; ask again.'),
            ),
        );
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
      // A burst of admitted runs does its start-up work in slices, so streams and health checks keep moving.
      endTurn = await this.#pacer.turn();
      // Only the first discovery is waited for; once it has ended, whenReady answers (or fails) at once.
      const picked =
        this.#llm.statusOf(input.model).state !== 'initializing'
          ? await this.#llm.pick(signal, input.model, input.llmApiKey)
          : await this.#waitUntilReady(signal, deadline, input);
      const active = picked.model;
      run.append({ type: 'run-start', model: active.modelId, provider: active.provider });
      log.info({ api: input.api, model: active.ref }, 'run started');
      /** The model moves of this run, kept with its turn. */
      const fallbacks: ModelFallbackNote[] = [];
      if (picked.skipped) {
        const { from, error } = picked.skipped;
        fallbacks.push({ from, to: active.ref, code: error.code, reason: error.message });
        log.warn(
          { from, to: active.ref, code: error.code, reason: error.message },
          'default model is down; starting on a fallback',
        );
        run.append({ type: 'model-fallback', from, to: active.ref, code: error.code, reason: error.message });
      }

      if (input.sessionId !== undefined && input.clientSessionId !== undefined)
        await this.#sessions.adoptLegacySession(input.clientSessionId, input.sessionId, input.owner);
      // A stored conversation keeps the summary of its oldest turns; a caller's own history (OpenAI) does not.
      const stored = input.history === undefined && input.sessionId !== undefined;
      const [history, summary] = await Promise.all([
        input.history ?? this.#storedHistory(input.sessionId),
        stored ? this.#sessions.getHistorySummary(input.sessionId) : undefined,
      ]);
      const now = new Date();
      // Where the person cannot be asked during the run, a held call waits in the session for the next turn.
      const deferred =
        input.api === 'native' || this.#config.agent.approval === 'none'
          ? undefined
          : await DeferredCalls.open(this.#sessions, input.sessionId, input.question);
      const external = await this.#mcp?.tools();
      const files = input.sessionId !== undefined ? await this.#sessions.listFiles(input.sessionId) : [];
      const images =
        active.vision && input.sessionId !== undefined ? await this.#newImages(input.sessionId, files) : [];
      const agentTools = buildAgentTools(
        {
          credentials: input.credentials,
          platform: this.#config.platform,
          secrets: [...Object.values(this.#config.llm.providers).map((p) => p.apiKey), input.llmApiKey],
          timezone: this.#config.agent.timezone,
          now: () => new Date(),
          onPlatformCall: this.#observer?.onPlatformCall,
          tracer: this.#tracer,
          ...(input.sessionId !== undefined
            ? {
                files: conversationFiles(
                  this.#sessions,
                  input.sessionId,
                  this.#config.http.uploadMaxFilesPerSession,
                ),
              }
            : {}),
        },
        {
          policy: this.#config.agent.approval,
          // The native API (the web chat) can ask the person during the run; the other surfaces cannot: there the
          // call is not run and the model asks in its answer.
          ask: deferred
            ? (call) => deferred.ask(call)
            : (call) =>
                this.#approvals.ask(run, input.owner, call, this.#config.agent.approvalTimeoutMs, signal),
        },
        external,
        files.length > 0 ? FILE_TOOLS.map((t) => t.name) : [],
      );
      const performed = (await deferred?.perform(agentTools.tools, run, signal)) ?? [];
      const turn = runAgentTurn({
        tracer: this.#tracer,
        heldMs: () => this.#approvals.heldMs(run.id),
        // A run on a client's own key has no fallbacks: the server's keys are not spent for it.
        models: [active, ...(input.llmApiKey === undefined ? this.#llm.fallbacksFor(active) : [])],
        history,
        summary,
        summarise: stored,
        question: input.question,
        files,
        images,
        performed,
        tools: agentTools.tools,
        offer: agentTools.offer,
        maxSteps: this.#config.agent.maxSteps,
        maxOutputTokens: this.#config.agent.maxOutputTokens,
        maxRetries: this.#config.llm.maxRetries,
        timeoutMs: this.#config.llm.timeoutMs,
        chunkTimeoutMs: this.#config.llm.chunkTimeoutMs,
        timezone: this.#config.agent.timezone,
        now,
        signal,
      });
      // The turn's synchronous start runs inside next(); then the next run may start while this one waits.
      const first = turn.next();
      endTurn();
      let step = await first;
      while (!step.done) {
        if (step.value.type === 'model-fallback') {
          const { from, to, code, reason } = step.value;
          fallbacks.push({ from, to, code, reason });
          log.warn(
            { from: step.value.from, to: step.value.to, code: step.value.code, reason: step.value.reason },
            'model failed before answering; moving to the next',
          );
        }
        run.append(step.value);
        step = await turn.next();
      }
      const result = step.value;
      if (result.summaryFailure !== undefined)
        log.warn(
          { reason: result.summaryFailure },
          'summarising the oldest turns failed; they were left out',
        );
      if (result.droppedTurns > 0) log.info({ droppedTurns: result.droppedTurns }, 'history trimmed to fit');
      if (result.summary && input.sessionId !== undefined)
        // Lost, it is only made again by a later turn: the turn itself is what must be kept.
        await this.#sessions
          .setHistorySummary(input.sessionId, result.summary)
          .catch((error: unknown) => log.error({ err: error }, 'could not keep the history summary'));
      if (input.sessionId !== undefined)
        await this.#save(
          input.sessionId,
          input.owner,
          input.question,
          now,
          result.model.modelId,
          result,
          log,
          run.id,
          fallbacks,
        );
      await deferred
        ?.keep()
        .catch((error: unknown) =>
          log.error({ err: error }, 'could not keep the call held for confirmation'),
        );
      this.#end(run, result, signal, log);
    } catch (error) {
      if (signal.aborted && !isAppError(error)) {
        const stop = stopError(signal);
        this.#finish(run, stop.status, '', stop.error);
        return;
      }
      const appError = isAppError(error)
        ? error
        : new AppError('INTERNAL', 'Internal error while running the agent.', { cause: error });
      if (!isAppError(error)) log.error({ err: error }, 'run crashed');
      else log.warn({ code: appError.code }, appError.message);
      this.#finish(run, 'failed', '', appError);
    } finally {
      endTurn?.();
      this.#approvals.forget(run.id);
      await mirror?.flushed();
      await lease?.release({ completed: run.status === 'completed' });
      await this.#record(log, () => this.#sessions.recordRunEnd(run.id, run.status ?? 'failed'));
      if (cluster) await this.#record(log, () => cluster.untrack(run.id));
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
  async #waitUntilReady(signal: AbortSignal, deadline: number, input: StartRunInput): Promise<PickedModel> {
    // A plain timer cleared afterwards: AbortSignal.timeout would keep the run reachable until it fired.
    const wait = new AbortController();
    const onCancel = () => wait.abort(signal.reason);
    signal.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => wait.abort(initializingError()), Math.max(0, deadline - Date.now()));
    try {
      return await this.#llm.pick(wait.signal, input.model, input.llmApiKey);
    } catch (error) {
      if (isAppError(error) || signal.aborted) throw error;
      throw initializingError();
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCancel);
    }
  }

  /** The images uploaded into a session since its last turn (for this question), at most four, their bytes. */
  async #newImages(
    sessionId: string,
    files: readonly StoredFile[],
  ): Promise<{ mediaType: string; bytes: Buffer }[]> {
    const candidates = files.filter((f) => /^image\/(png|jpeg|gif|webp)$/.test(f.mediaType));
    if (candidates.length === 0) return [];
    const lastTurnAt = (await this.#sessions.getTurns(sessionId)).at(-1)?.createdAt ?? '';
    const fresh = candidates.filter((f) => f.createdAt > lastTurnAt).slice(-4);
    const read = await Promise.all(fresh.map((f) => this.#sessions.getFile(f.id)));
    return read.flatMap((r) => (r ? [{ mediaType: r.file.mediaType, bytes: r.bytes }] : []));
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
    fallbacks: readonly ModelFallbackNote[],
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
      ...(fallbacks.length > 0 ? { fallbacks } : {}),
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
      const stop = stopError(signal);
      this.#finish(run, stop.status, result.text, stop.error);
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

/** Ends a run's span with what its log says: the status, the model and the error code. */
function endRunSpan(span: RunSpan, run: RunLog): void {
  let model: string | undefined;
  let errorCode: string | undefined;
  for (const event of run.snapshot()) {
    if (event.type === 'run-start') model = event.model;
    else if (event.type === 'error') errorCode = event.code;
  }
  span.end({ status: run.status ?? 'failed', errorCode, model });
}

/** How a run stopped from outside ends: cancelled, or failed when a shared backend failed under it. */
function stopError(signal: AbortSignal): { status: RunStatus; error: AppError } {
  const reason: unknown = signal.reason;
  if (isAppError(reason)) return { status: 'failed', error: reason };
  return { status: 'cancelled', error: cancelError(signal) };
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
