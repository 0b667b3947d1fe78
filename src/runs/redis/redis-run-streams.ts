import type { Redis } from 'ioredis';
import type { RunApi } from '../run-log.js';
import { openRedis, REDIS_COMMAND_TIMEOUT_MS, redisFailure, type RedisTarget } from './redis-connection.js';
import { RedisRunStream, type RunStreamBackend } from './redis-run-stream.js';
import { StreamFanOut } from './stream-fan-out.js';

/** Options of the Redis run streams. */
export interface RedisRunStreamsOptions extends RedisTarget {
  /** Seconds a run's stream is kept after it ends (`RUN_RETENTION_S`). */
  readonly retentionS: number;
  /** Entries kept per stream, roughly (`MAXLEN ~`): a bound on memory, far above what one answer emits. @default 20000 */
  readonly maxLen?: number;
  /** Seconds a running run's stream lives after its last event (a writer that vanished). @default 86400 */
  readonly liveTtlS?: number;
  /** The longest single `XREAD BLOCK` of the shared reader (kept under the command timeout). @default 2000 */
  readonly blockMs?: number;
  /** Names the connections (`<name>-runs`, `<name>-runs-reader` in `CLIENT LIST`). @default 'cmw' */
  readonly name?: string;
}

/**
 * Run event logs in Redis: one stream per run (`<prefix>run:{<id>}`) and a small hash of metadata beside it
 * (`…:meta`: api, owner, and the end once it came). The hash tag keeps both in one Redis Cluster slot.
 * Two connections per process whatever the number of readers: one for commands, one for the shared blocking
 * reader ({@link StreamFanOut}).
 */
export class RedisRunStreams {
  readonly #prefix: string;
  readonly #commands: Redis;
  readonly #reader: Redis;
  readonly #backend: RunStreamBackend;

  constructor(options: RedisRunStreamsOptions) {
    this.#prefix = options.keyPrefix;
    const name = options.name ?? 'cmw';
    this.#commands = openRedis(options.url, `${name}-runs`);
    this.#reader = openRedis(options.url, `${name}-runs-reader`);
    this.#backend = {
      redis: this.#commands,
      // Blocks end before the command timeout, so a timeout means a dead connection, never a quiet stream.
      fanOut: new StreamFanOut(
        this.#reader,
        this.#commands,
        Math.min(options.blockMs ?? 2_000, REDIS_COMMAND_TIMEOUT_MS - 1_000),
      ),
      maxLen: options.maxLen ?? 20_000,
      retentionS: options.retentionS,
      liveTtlS: options.liveTtlS ?? 86_400,
    };
  }

  /** Followers waiting for new events in this process (all on one connection). */
  get followers(): number {
    return this.#backend.fanOut.waiting;
  }

  /**
   * Records a new run and gives its writer a handle.
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async create(id: string, api: RunApi, owner: string): Promise<RedisRunStream> {
    const keys = this.#keys(id);
    try {
      await this.#commands
        .multi()
        .hset(keys.meta, 'api', api, 'owner', owner, 'createdAt', Date.now())
        .expire(keys.meta, this.#backend.liveTtlS)
        .exec();
    } catch (error) {
      throw redisFailure(error, 'creating a run');
    }
    return new RedisRunStream(this.#backend, keys, { id, api, owner });
  }

  /**
   * A run made by any instance, while it is kept.
   * @returns undefined when the run is unknown or has expired
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async open(id: string): Promise<RedisRunStream | undefined> {
    const keys = this.#keys(id);
    let meta: (string | null)[];
    try {
      meta = await this.#commands.hmget(keys.meta, 'api', 'owner');
    } catch (error) {
      throw redisFailure(error, 'looking up a run');
    }
    const [api, owner] = meta;
    if (!api || !owner) return undefined;
    return new RedisRunStream(this.#backend, keys, { id, api: api as RunApi, owner });
  }

  /** Ends every follower (SHUTTING_DOWN) and closes both connections. */
  async quit(): Promise<void> {
    const stopping = this.#backend.fanOut.close();
    this.#reader.disconnect();
    await stopping;
    await this.#commands.quit().catch(() => this.#commands.disconnect());
  }

  #keys(id: string): { stream: string; meta: string } {
    const stream = `${this.#prefix}run:{${id}}`;
    return { stream, meta: `${stream}:meta` };
  }
}
