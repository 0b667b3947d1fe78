import type { RunEvent, RunEventBody, RunStatus } from './run-event.js';
import type { RunStream, RunStreamInfo } from './run-stream.js';

/**
 * Which surface created a run: the two Gradio `/call` APIs, the Gradio queue protocol, the OpenAI-compatible
 * endpoint, or the native run API. Views use it to decide what to send (e.g. `ask` sends only the final answer).
 */
export type RunApi = 'ask' | 'ask_stream' | 'gradio' | 'openai' | 'native' | 'mcp';

/**
 * The append-only event log of one run, kept in this process. Readers replay it from any point and then follow it
 * live; any number of readers may follow one run, and the run does not care whether anyone reads. It answers the
 * `RunStream` contract synchronously; `RedisRunStream` is its clustered twin.
 */
export class RunLog implements RunStream {
  readonly id: string;
  readonly api: RunApi;
  /** Who may read and cancel the run (see `RunManager.get`); another owner's id is unknown. */
  readonly owner: string;
  readonly #events: RunEvent[] = [];
  #waiters: (() => void)[] = [];
  #endedAt: number | undefined;
  #resolveDone!: () => void;
  /** Settles when `run-end` is appended. */
  readonly done = new Promise<void>((resolve) => (this.#resolveDone = resolve));

  readonly #onAppend: ((event: RunEvent, run: RunLog) => void) | undefined;

  /** @param onAppend - told of each event after it is appended (the run observer) */
  constructor(id: string, api: RunApi, owner: string, onAppend?: (event: RunEvent, run: RunLog) => void) {
    this.id = id;
    this.api = api;
    this.owner = owner;
    this.#onAppend = onAppend;
  }

  /** Appends an event, numbering it; ignored after `run-end`. */
  append(body: RunEventBody): RunEvent | undefined {
    if (this.#endedAt !== undefined) return undefined;
    const event = { ...body, seq: this.#events.length + 1, at: Date.now() } as RunEvent;
    this.#events.push(event);
    if (body.type === 'run-end') {
      this.#endedAt = event.at;
      this.#resolveDone();
    }
    this.#onAppend?.(event, this);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
    return event;
  }

  /** Whether `run-end` has been appended. */
  get ended(): boolean {
    return this.#endedAt !== undefined;
  }

  /** When the run ended (ms since epoch), if it has. */
  get endedAt(): number | undefined {
    return this.#endedAt;
  }

  /** The final status, once ended. */
  get status(): RunStatus | undefined {
    const last = this.#events.at(-1);
    return last?.type === 'run-end' ? last.status : undefined;
  }

  /** The number of events so far (the last `seq`). */
  get length(): number {
    return this.#events.length;
  }

  /** Where the log stands, in the shape of `RunStream.info` (answered at once). */
  info(): RunStreamInfo {
    return { length: this.length, ended: this.ended, status: this.status, endedAt: this.#endedAt };
  }

  /** A copy of the events with `seq` greater than `afterSeq`. */
  snapshot(afterSeq = 0): RunEvent[] {
    return this.#events.slice(Math.max(0, afterSeq));
  }

  /**
   * Replays events after `afterSeq`, then follows new ones until `run-end` or until `signal` aborts.
   * @param afterSeq - the last sequence number the reader already has (0 for all)
   * @param signal - stops following (a disconnect)
   */
  async *follow(afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let next = Math.max(0, afterSeq);
    while (!signal.aborted) {
      while (next < this.#events.length) {
        const event = this.#events[next++]!;
        yield event;
        if (event.type === 'run-end') return;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }
}
