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
  /** Event `seq` is at index `seq - 1`; once the run has ended, runs of text deltas share one {@link TextRun}. */
  readonly #events: (RunEvent | TextRun)[] = [];
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
      this.#compact();
      this.#resolveDone();
    }
    this.#onAppend?.(event, this);
    if (this.#waiters.length > 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
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
    return last !== undefined && !(last instanceof TextRun) && last.type === 'run-end'
      ? last.status
      : undefined;
  }

  /**
   * How many objects hold the events: one an event while the run goes on; after it ended, a run of text deltas of
   * one step is one (for tests and memory figures).
   */
  get storedObjects(): number {
    return new Set(this.#events).size;
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
    const events: RunEvent[] = [];
    for (let i = Math.max(0, afterSeq); i < this.#events.length; i++) events.push(this.#eventAt(i));
    return events;
  }

  /**
   * Replays events after `afterSeq`, then follows new ones until `run-end` or until `signal` aborts.
   * @param afterSeq - the last sequence number the reader already has (0 for all)
   * @param signal - stops following (a disconnect)
   */
  async *follow(afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let next = Math.max(0, afterSeq);
    // One abort listener for the whole follow, not one a wait: it wakes the wait in progress.
    let wake: (() => void) | undefined;
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        while (next < this.#events.length) {
          const event = this.#eventAt(next++);
          yield event;
          if (event.type === 'run-end') return;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.#waiters.push(resolve);
        });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #eventAt(index: number): RunEvent {
    const slot = this.#events[index]!;
    return slot instanceof TextRun ? slot.eventAt(index) : slot;
  }

  /**
   * Keeps an ended run's text deltas compactly: each run of two or more consecutive deltas of one step becomes one
   * {@link TextRun} (the text joined, where each delta ended and when it came), so a kept run costs about its text
   * instead of an object a delta. Readers get the same events back, field for field and in the same order.
   */
  #compact(): void {
    const events = this.#events;
    let i = 0;
    while (i < events.length) {
      const first = events[i]!;
      if (!isPlainDelta(first)) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < events.length) {
        const next = events[end]!;
        if (!isPlainDelta(next) || next.step !== first.step) break;
        end++;
      }
      if (end - i >= 2) {
        const run = TextRun.of(events.slice(i, end) as TextDelta[], i);
        for (let k = i; k < end; k++) events[k] = run;
      }
      i = end;
    }
  }
}

type TextDelta = Extract<RunEvent, { type: 'text-delta' }>;

/** A text delta with exactly the fields the agent gives one, in that order (what a {@link TextRun} rebuilds). */
function isPlainDelta(slot: RunEvent | TextRun): slot is TextDelta {
  if (slot instanceof TextRun || slot.type !== 'text-delta') return false;
  const keys = Object.keys(slot);
  return (
    keys.length === 5 &&
    keys[0] === 'type' &&
    keys[1] === 'step' &&
    keys[2] === 'text' &&
    keys[3] === 'seq' &&
    keys[4] === 'at'
  );
}

/** Consecutive text deltas of one step of an ended run, kept as their joined text. */
class TextRun {
  private constructor(
    readonly step: number,
    /** The index (seq − 1) of the first delta. */
    readonly first: number,
    readonly text: string,
    /** Where each delta's text ends in {@link text}. */
    readonly ends: Uint32Array,
    /** When each delta was appended (ms since epoch). */
    readonly ats: Float64Array,
  ) {}

  static of(deltas: readonly TextDelta[], first: number): TextRun {
    const ends = new Uint32Array(deltas.length);
    const ats = new Float64Array(deltas.length);
    let length = 0;
    deltas.forEach((d, k) => {
      length += d.text.length;
      ends[k] = length;
      ats[k] = d.at;
    });
    return new TextRun(deltas[0]!.step, first, deltas.map((d) => d.text).join(''), ends, ats);
  }

  /** The delta at `index` (seq − 1), as it was appended. */
  eventAt(index: number): RunEvent {
    const k = index - this.first;
    const start = k === 0 ? 0 : this.ends[k - 1]!;
    return {
      type: 'text-delta',
      step: this.step,
      text: this.text.slice(start, this.ends[k]),
      seq: index + 1,
      at: this.ats[k]!,
    };
  }
}
