import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with `EVALSHA`, falling back to `EVAL` once when Redis answers `NOSCRIPT` — which it does after
 * a restart or a `SCRIPT FLUSH`, so a component survives a Redis restart without being rebuilt.
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  /** @param source - the script; it must name every key it touches in `KEYS` (Redis Cluster needs that) */
  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically on `redis`. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}
