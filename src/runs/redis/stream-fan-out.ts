import type { Redis } from 'ioredis';
import { AppError } from '../../errors/app-error.js';
import { redisFailure } from './redis-connection.js';

/** One entry of a Redis Stream as `XREAD` answers it: the id and the flat field/value list. */
export type StreamEntry = [id: string, fields: string[]];

interface Waiter {
  readonly afterSeq: number;
  readonly resolve: (entries: StreamEntry[]) => void;
  readonly reject: (error: Error) => void;
}

/** Streams whose ids are `0-<seq>` (see `RedisRunStreams`): the sequence number of an entry. */
export function entrySeq(id: string): number {
  return Number(id.slice(id.indexOf('-') + 1));
}

/**
 * One blocking reader for every live follower of this process: a single `XREAD BLOCK` over all the streams that
 * someone waits on, whose answer is handed to each waiter. A thousand readers of fifty runs cost one connection and
 * one command per batch of events, not a thousand blocked connections. A waiter for a stream that the read in
 * flight does not cover interrupts it with `CLIENT UNBLOCK` so it is included at once.
 */
export class StreamFanOut {
  readonly #reader: Redis;
  readonly #control: Redis;
  readonly #blockMs: number;
  readonly #waiters = new Map<string, Set<Waiter>>();
  /** The streams and positions of the read in flight, and which read it is. */
  #reading: { generation: number; from: Map<string, number> } | undefined;
  #generation = 0;
  #readerId: number | undefined;
  #wake: (() => void) | undefined;
  #closed = false;
  readonly #loop: Promise<void>;

  /**
   * @param reader - a connection of its own: it spends its life blocked in `XREAD`
   * @param control - any other connection, for `CLIENT UNBLOCK`
   * @param blockMs - the longest single block; bounds how long a dead connection goes unnoticed
   */
  constructor(reader: Redis, control: Redis, blockMs: number) {
    this.#reader = reader;
    this.#control = control;
    this.#blockMs = blockMs;
    // A new connection has a new client id.
    reader.on('ready', () => (this.#readerId = undefined));
    this.#loop = this.#run();
  }

  /** Followers waiting now (for tests and metrics). */
  get waiting(): number {
    let n = 0;
    for (const set of this.#waiters.values()) n += set.size;
    return n;
  }

  /**
   * Waits for entries of stream `key` after `afterSeq`.
   * @returns the entries (at least one), or none when `signal` aborted
   * @throws AppError BACKEND_UNAVAILABLE when Redis fails while waiting; SHUTTING_DOWN after close()
   */
  wait(key: string, afterSeq: number, signal: AbortSignal): Promise<StreamEntry[]> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal.aborted) return Promise.resolve([]);
    return new Promise<StreamEntry[]>((resolve, reject) => {
      const set = this.#waiters.get(key) ?? new Set<Waiter>();
      this.#waiters.set(key, set);
      const onAbort = () => {
        this.#drop(key, waiter);
        resolve([]);
      };
      const waiter: Waiter = {
        afterSeq,
        resolve: (entries) => {
          signal.removeEventListener('abort', onAbort);
          resolve(entries);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      set.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
      const reading = this.#reading;
      if (reading === undefined) {
        this.#wake?.();
      } else {
        const from = reading.from.get(key);
        if (from === undefined || from > afterSeq) void this.#interrupt(reading.generation);
      }
    });
  }

  /** Ends the loop; waiters get SHUTTING_DOWN. The connections are the caller's to close. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#failAll(closedError());
    this.#wake?.();
    if (this.#reading) await this.#interrupt(this.#reading.generation);
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      if (this.#waiters.size === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      try {
        this.#readerId ??= Number(await this.#reader.client('ID'));
        // Computed and published in one synchronous step: a waiter added from now on sees `#reading`.
        const from = new Map<string, number>();
        for (const [key, set] of this.#waiters) {
          from.set(key, Math.min(...[...set].map((w) => w.afterSeq)));
        }
        if (from.size === 0) continue;
        this.#reading = { generation: ++this.#generation, from };
        const reply = await this.#reader.xread(
          'COUNT',
          1000,
          'BLOCK',
          this.#blockMs,
          'STREAMS',
          ...from.keys(),
          ...[...from.values()].map((seq) => `0-${seq}`),
        );
        this.#reading = undefined;
        for (const [key, entries] of reply ?? []) this.#deliver(key, entries);
      } catch (error) {
        this.#reading = undefined;
        this.#readerId = undefined;
        if (this.#closed) break;
        // Followers end with a clear error rather than hang; a reader that comes back resumes by its last seq.
        this.#failAll(redisFailure(error, 'following a run'));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  #deliver(key: string, entries: StreamEntry[]): void {
    const set = this.#waiters.get(key);
    if (!set) return;
    for (const waiter of set) {
      const fresh = entries.filter(([id]) => entrySeq(id) > waiter.afterSeq);
      if (fresh.length === 0) continue;
      this.#drop(key, waiter);
      waiter.resolve(fresh);
    }
  }

  #drop(key: string, waiter: Waiter): void {
    const set = this.#waiters.get(key);
    set?.delete(waiter);
    if (set?.size === 0) this.#waiters.delete(key);
  }

  #failAll(error: Error): void {
    const all = [...this.#waiters.values()].flatMap((set) => [...set]);
    this.#waiters.clear();
    for (const waiter of all) waiter.reject(error);
  }

  /**
   * Unblocks the read of `generation` so the next one covers the new waiter. `CLIENT UNBLOCK` may reach Redis
   * before the `XREAD` it is meant for (they travel on different connections): then it answers 0 and is tried
   * again until that read is over.
   */
  async #interrupt(generation: number): Promise<void> {
    while (this.#reading?.generation === generation && this.#readerId !== undefined) {
      try {
        if (Number(await this.#control.client('UNBLOCK', this.#readerId)) === 1) return;
      } catch {
        return; // Redis is down: the read fails by itself, and its waiters with it.
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

function closedError(): AppError {
  return new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');
}
