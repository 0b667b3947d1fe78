import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CostTotals } from '../llm/cost-totals.js';
import type { PlatformCall } from '../platform/platform-client.js';
import type { RunEvent } from '../runs/run-event.js';
import type { RunApi } from '../runs/run-log.js';
import type { ObservedRun, RunObserver } from '../runs/run-observer.js';
import { TOOL_METADATA } from '../tools/tool-registry.js';
import { processRegistry } from './process-registry.js';

/** Every surface a run can come from: label values are fixed, never what a client sent. */
const APIS: readonly RunApi[] = ['ask', 'ask_stream', 'gradio', 'openai', 'native', 'mcp'];

/** What the metrics remember of a run between its events (dropped with the run). */
interface RunState {
  queuedAt?: number;
  startedAt?: number;
  firstToken: boolean;
  code?: string;
}

/** Queue figures read at scrape time. */
export interface QueueStats {
  readonly running: number;
  readonly waiting: number;
}

/**
 * The Prometheus metrics of one server, in a registry of its own (several servers may share a process). It
 * only observes: run metrics are derived from the run event log ({@link ServerMetrics.runObserver}), the queue
 * is read when scraped, platform calls and event streams are counted by their own observers. Every label is a
 * fixed set: surface, status, error code, registered tool name, HTTP method, status class.
 */
export class ServerMetrics {
  /** This server's own metrics (the process-wide default metrics are added by {@link render}). */
  readonly registry = new Registry();
  readonly #runs = new WeakMap<ObservedRun, RunState>();
  readonly #created: Counter<'api'>;
  readonly #started: Counter<'api'>;
  readonly #ended: Counter<'api' | 'status' | 'code'>;
  readonly #queueWait: Histogram<'api'>;
  readonly #duration: Histogram<'api' | 'status'>;
  readonly #firstToken: Histogram<'api'>;
  readonly #tokens: Counter<'type'>;
  readonly #cost: Counter;
  readonly #costByCurrency: Counter<'currency'>;
  readonly #tools: Histogram<'tool' | 'outcome'>;
  readonly #platform: Histogram<'method' | 'status_class'>;
  readonly #streams: Gauge;

  /** @param options.queueStats - the admission queue's figures, read at each scrape */
  constructor(options: { queueStats: () => QueueStats }) {
    const registers = [this.registry];
    this.#created = new Counter({
      name: 'cmw_runs_created_total',
      help: 'Runs accepted, by surface (before admission; refused QUEUE_FULL requests are not runs).',
      labelNames: ['api'],
      registers,
    });
    this.#started = new Counter({
      name: 'cmw_runs_started_total',
      help: 'Runs that got a slot and started the agent, by surface.',
      labelNames: ['api'],
      registers,
    });
    this.#ended = new Counter({
      name: 'cmw_runs_ended_total',
      help: 'Runs ended, by surface, status (completed, failed, cancelled) and error code (none when completed).',
      labelNames: ['api', 'status', 'code'],
      registers,
    });
    for (const api of APIS) {
      this.#created.labels(api).inc(0);
      this.#started.labels(api).inc(0);
    }
    new Gauge({
      name: 'cmw_queue_runs',
      help: 'Runs in the admission queue by state: waiting for a slot, or running.',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = options.queueStats();
        this.set({ state: 'waiting' }, stats.waiting);
        this.set({ state: 'running' }, stats.running);
      },
    });
    this.#queueWait = new Histogram({
      name: 'cmw_queue_wait_seconds',
      help: 'Time a started run waited for a slot (0 when one was free), by surface.',
      labelNames: ['api'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.#duration = new Histogram({
      name: 'cmw_run_duration_seconds',
      help: 'Time from a run’s start (slot granted) to its end, by surface and status.',
      labelNames: ['api', 'status'],
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    });
    this.#firstToken = new Histogram({
      name: 'cmw_run_first_token_seconds',
      help: 'Time from a run’s start to the first piece of answer text, by surface.',
      labelNames: ['api'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60],
      registers,
    });
    this.#tokens = new Counter({
      name: 'cmw_llm_tokens_total',
      help: 'LLM tokens used by runs, by type: input, output, and cached_input (the part of input read from the provider prompt cache).',
      labelNames: ['type'],
      registers,
    });
    this.#tokens.labels('input').inc(0);
    this.#tokens.labels('output').inc(0);
    this.#tokens.labels('cached_input').inc(0);
    this.#cost = new Counter({
      name: 'cmw_llm_cost_usd_total',
      help: 'LLM cost billed in US dollars: the provider’s own figure (OpenRouter), else MODEL_PRICES_FILE, else the prices the provider lists; calls without a price add nothing.',
      registers,
    });
    this.#costByCurrency = new Counter({
      name: 'cmw_llm_cost_total',
      help: 'LLM cost by currency (ISO 4217: USD, RUB for Polza, or a currency of MODEL_PRICES_FILE), from the same figures as cmw_llm_cost_usd_total.',
      labelNames: ['currency'],
      registers,
    });
    this.#costByCurrency.labels('USD').inc(0);
    this.#tools = new Histogram({
      name: 'cmw_tool_call_duration_seconds',
      help: 'Tool calls and their duration, by tool name (unknown for names no tool has) and outcome (ok, error).',
      labelNames: ['tool', 'outcome'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.#platform = new Histogram({
      name: 'cmw_platform_request_duration_seconds',
      help: 'Platform Web API calls and their duration, by HTTP method and status class (error: no answer).',
      labelNames: ['method', 'status_class'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.#streams = new Gauge({
      name: 'cmw_http_event_streams_open',
      help: 'Event streams (SSE responses of every surface) open now.',
      registers,
    });
  }

  /** Give this to `RunManager`: it derives the run, token and tool metrics from each run event. */
  readonly runObserver: RunObserver = {
    onEvent: (event, run) => this.#onEvent(event, run),
    onPlatformCall: (call) => this.#onPlatformCall(call),
  };

  /** Give this to `observeStreams`: it counts open event streams. */
  readonly streamObserver = {
    opened: (): void => this.#streams.inc(),
    closed: (): void => this.#streams.dec(),
  };

  /** The content type of {@link render}'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus text format: the process's default metrics, then this server's. */
  async render(): Promise<string> {
    const [process, own] = await Promise.all([processRegistry().metrics(), this.registry.metrics()]);
    return process + own;
  }

  #onEvent(event: RunEvent, run: ObservedRun): void {
    let state = this.#runs.get(run);
    if (!state) {
      state = { firstToken: false };
      this.#runs.set(run, state);
      this.#created.labels(run.api).inc();
    }
    const seconds = (from: number) => Math.max(0, event.at - from) / 1000;
    switch (event.type) {
      case 'queued':
        state.queuedAt ??= event.at;
        break;
      case 'run-start':
        state.startedAt = event.at;
        this.#started.labels(run.api).inc();
        this.#queueWait.labels(run.api).observe(state.queuedAt === undefined ? 0 : seconds(state.queuedAt));
        break;
      case 'text-delta':
        if (!state.firstToken && state.startedAt !== undefined) {
          state.firstToken = true;
          this.#firstToken.labels(run.api).observe(seconds(state.startedAt));
        }
        break;
      case 'tool-call-end':
        this.#tools
          .labels(TOOL_METADATA[event.toolName] ? event.toolName : 'unknown', toolOutcome(event))
          .observe(event.durationMs / 1000);
        break;
      case 'usage': {
        this.#tokens.labels('input').inc(nonNegative(event.inputTokens));
        this.#tokens.labels('output').inc(nonNegative(event.outputTokens));
        if (event.cachedInputTokens !== undefined)
          this.#tokens.labels('cached_input').inc(nonNegative(event.cachedInputTokens));
        // The currencies come from this server's configuration (its price table, its providers), never a client.
        const costs = new CostTotals();
        costs.addFields(event);
        for (const { amount, currency } of costs.entries) {
          this.#costByCurrency.labels(currency).inc(nonNegative(amount));
          if (currency === 'USD') this.#cost.inc(nonNegative(amount));
        }
        break;
      }
      case 'error':
        state.code = event.code;
        break;
      case 'run-end':
        this.#ended.labels(run.api, event.status, state.code ?? 'none').inc();
        if (state.startedAt !== undefined)
          this.#duration.labels(run.api, event.status).observe(seconds(state.startedAt));
        this.#runs.delete(run);
        break;
      default:
        break;
    }
  }

  #onPlatformCall(call: PlatformCall): void {
    const statusClass = call.status === undefined ? 'error' : `${Math.floor(call.status / 100)}xx`;
    this.#platform.labels(call.method, statusClass).observe(call.durationMs / 1000);
  }
}

/**
 * A tool call failed when it threw (`isError`: bad input, a name no tool has) or, as tools never throw for
 * platform failures, when its result says `success: false`.
 */
function toolOutcome(event: { isError: boolean; output: unknown }): 'ok' | 'error' {
  const failed =
    event.isError ||
    (typeof event.output === 'object' &&
      event.output !== null &&
      (event.output as { success?: unknown }).success === false);
  return failed ? 'error' : 'ok';
}

/** Counters only go up: a provider's odd negative or NaN figure is counted as 0. */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
