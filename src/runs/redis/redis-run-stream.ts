import type { Redis } from 'ioredis';
import type { RunEvent, RunEventBody, RunStatus } from '../run-event.js';
import type { RunApi } from '../run-log.js';
import type { RunStream, RunStreamInfo } from '../run-stream.js';
import { LuaScript } from './lua-script.js';
import { redisFailure } from './redis-connection.js';
import { entrySeq, type StreamEntry, type StreamFanOut } from './stream-fan-out.js';

/** What every stream handle of one `RedisRunStreams` shares. */
export interface RunStreamBackend {
  readonly redis: Redis;
  readonly fanOut: StreamFanOut;
  /** Entries kept per stream (`XADD MAXLEN ~`). */
  readonly maxLen: number;
  /** Seconds a stream and its metadata live after `run-end`. */
  readonly retentionS: number;
  /** Seconds a stream lives after its last append while the run goes on: a run whose writer vanished expires. */
  readonly liveTtlS: number;
}

/** Entries read per `XRANGE` while replaying. */
const REPLAY_BATCH = 1000;

/**
 * Appends atomically: refuses after `run-end` (or once the run is unknown), lets Redis number the entry
 * (`0-*` gives `0-1`, `0-2` … — the id's sequence part is the event's `seq`), trims, and on `run-end` records the
 * end in the metadata and starts the retention clock on both keys.
 * KEYS: stream, meta. ARGV: maxLen, type, at, body, status, retentionS, liveTtlS.
 */
const APPEND = new LuaScript(`
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HEXISTS', KEYS[2], 'endedAt') == 1 then return false end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '0-*', 'type', ARGV[2], 'at', ARGV[3], 'body', ARGV[4])
local ttl = ARGV[7]
if ARGV[2] == 'run-end' then
  redis.call('HSET', KEYS[2], 'endedAt', ARGV[3], 'status', ARGV[5])
  ttl = ARGV[6]
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return id
`);

/**
 * The event log of one run in a Redis Stream: the clustered twin of `RunLog`, readable from any instance. Made by
 * `RedisRunStreams.create` (the writer) or `RedisRunStreams.open` (any reader).
 */
export class RedisRunStream implements RunStream {
  readonly id: string;
  readonly api: RunApi;
  readonly owner: string;
  readonly #backend: RunStreamBackend;
  readonly #streamKey: string;
  readonly #metaKey: string;

  constructor(
    backend: RunStreamBackend,
    keys: { stream: string; meta: string },
    run: { id: string; api: RunApi; owner: string },
  ) {
    this.#backend = backend;
    this.#streamKey = keys.stream;
    this.#metaKey = keys.meta;
    this.id = run.id;
    this.api = run.api;
    this.owner = run.owner;
  }

  /**
   * Appends an event; Redis numbers it.
   * @returns the event, or undefined when the run has ended (or expired)
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async append(body: RunEventBody): Promise<RunEvent | undefined> {
    const at = Date.now();
    const b = this.#backend;
    const status = body.type === 'run-end' ? body.status : '';
    let id: unknown;
    try {
      id = await APPEND.run(
        b.redis,
        [this.#streamKey, this.#metaKey],
        [b.maxLen, body.type, at, JSON.stringify(body), status, b.retentionS, b.liveTtlS],
      );
    } catch (error) {
      throw redisFailure(error, 'recording a run event');
    }
    if (typeof id !== 'string') return undefined;
    return { ...body, seq: entrySeq(id), at };
  }

  /** The events kept with `seq` greater than `afterSeq`. @throws AppError BACKEND_UNAVAILABLE */
  async snapshot(afterSeq = 0): Promise<RunEvent[]> {
    const events: RunEvent[] = [];
    for (let seq = afterSeq; ;) {
      const batch = await this.#range(seq);
      for (const event of batch) events.push(event);
      if (batch.length < REPLAY_BATCH) return events;
      seq = batch.at(-1)!.seq;
    }
  }

  /**
   * Replays with `XRANGE`, then waits on the process's shared blocking reader until `run-end` or the signal.
   * @throws AppError BACKEND_UNAVAILABLE when Redis fails meanwhile (resume by the last `seq` seen)
   */
  async *follow(afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let seq = Math.max(0, afterSeq);
    for (;;) {
      if (signal.aborted) return;
      const batch = await this.#range(seq);
      for (const event of batch) {
        yield event;
        seq = event.seq;
        if (event.type === 'run-end') return;
      }
      if (batch.length < REPLAY_BATCH) break;
    }
    while (!signal.aborted) {
      const entries = await this.#backend.fanOut.wait(this.#streamKey, seq, signal);
      for (const entry of entries) {
        const event = toEvent(entry);
        yield event;
        seq = event.seq;
        if (event.type === 'run-end') return;
      }
    }
  }

  /** Where the log stands. @throws AppError BACKEND_UNAVAILABLE */
  async info(): Promise<RunStreamInfo> {
    try {
      const [meta, last] = (await this.#backend.redis
        .multi()
        .hmget(this.#metaKey, 'endedAt', 'status')
        .xrevrange(this.#streamKey, '+', '-', 'COUNT', 1)
        .exec()
        .then(
          (replies) =>
            replies?.map(([error, value]) => {
              if (error) throw error;
              return value;
            }) ?? [],
        )) as [[string | null, string | null], StreamEntry[]];
      const endedAt = meta[0] === null ? undefined : Number(meta[0]);
      return {
        length: last[0] ? entrySeq(last[0][0]) : 0,
        ended: endedAt !== undefined,
        status: endedAt === undefined ? undefined : (meta[1] as RunStatus),
        endedAt,
      };
    } catch (error) {
      throw redisFailure(error, 'reading a run');
    }
  }

  async #range(afterSeq: number): Promise<RunEvent[]> {
    try {
      const entries = (await this.#backend.redis.xrange(
        this.#streamKey,
        `(0-${afterSeq}`,
        '+',
        'COUNT',
        REPLAY_BATCH,
      )) as StreamEntry[];
      return entries.map(toEvent);
    } catch (error) {
      throw redisFailure(error, 'reading a run');
    }
  }
}

/** An entry as this module wrote it (`type`, `at`, `body`) back into an event. */
function toEvent([id, fields]: StreamEntry): RunEvent {
  let at = 0;
  let body = '{}';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'at') at = Number(fields[i + 1]);
    else if (fields[i] === 'body') body = fields[i + 1]!;
  }
  // Our own writing (the APPEND script above), not input from outside: the shape is the RunEventBody we stored.
  return { ...(JSON.parse(body) as RunEventBody), seq: entrySeq(id), at };
}
