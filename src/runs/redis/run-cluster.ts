import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { AdmissionOptions } from '../admission-queue.js';
import { LuaScript } from './lua-script.js';
import { RedisAdmissionQueue } from './redis-admission-queue.js';
import { openRedis, redisFailure, type RedisTarget } from './redis-connection.js';
import { RedisRunStreams } from './redis-run-streams.js';

/** What another instance needs to close a run whose instance died: the run record's start, kept beside its lease. */
export interface ClusterRunRecord {
  readonly runId: string;
  readonly sessionId?: string | undefined;
  readonly ownerHash: string;
  readonly question: string;
  /** ISO 8601. */
  readonly startedAt: string;
}

const clusterRunRecord = z.object({
  runId: z.string(),
  sessionId: z.string().optional(),
  ownerHash: z.string(),
  question: z.string(),
  startedAt: z.string(),
});

/** Options of the clustered run backend. */
export interface RunClusterOptions extends RedisTarget {
  /** The `QUEUE_*` settings, the same on every instance. */
  readonly queue: AdmissionOptions;
  /** How long a run (and a queue ticket) outlives its instance's last heartbeat (`RUN_LEASE_S`). */
  readonly leaseMs: number;
  /** Seconds a run's stream is kept after it ends (`RUN_RETENTION_S`). */
  readonly retentionS: number;
  /** Names the connections in `CLIENT LIST`. @default 'cmw' */
  readonly name?: string;
}

/**
 * Takes the runs whose lease expired before `ARGV[1]` (at most `ARGV[2]` of them) out of the lease set, with their
 * records: atomic, so of several instances sweeping at once exactly one closes each lost run.
 * KEYS: leases (sorted set: run id → expiry ms), records (hash: run id → JSON).
 */
const CLAIM_EXPIRED = new LuaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local record = redis.call('HGET', KEYS[2], id)
  redis.call('HDEL', KEYS[2], id)
  if record then table.insert(out, record) end
end
return out
`);

/**
 * Everything the clustered mode keeps in Redis, on one object: the global admission queue, the run streams, the
 * leases of running runs (renewed by the instance that drives them, claimed by any instance once expired), and the
 * cancel channel (a cancel may reach any instance; the one driving the run hears it and stops the run).
 */
/** A person's decision on a held call, on its way to the instance that drives the run. */
export interface ClusterDecision {
  readonly runId: string;
  readonly approvalId: string;
  readonly owner: string;
  readonly approved: boolean;
  readonly reason?: string;
}

export class RunCluster {
  /** The admission queue shared by every instance. */
  readonly admission: RedisAdmissionQueue;
  /** Every run's event log. */
  readonly streams: RedisRunStreams;
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #leasesKey: string;
  readonly #recordsKey: string;
  readonly #cancelChannel: string;
  readonly #decisionChannel: string;
  #onCancel: (runId: string) => void = () => {};
  #onDecision: (decision: ClusterDecision) => void = () => {};

  constructor(options: RunClusterOptions) {
    const name = options.name ?? 'cmw';
    this.admission = new RedisAdmissionQueue({ ...options.queue, ...options, name });
    this.streams = new RedisRunStreams({ ...options, name });
    const base = `${options.keyPrefix}{runs}:`;
    this.#leasesKey = `${base}leases`;
    this.#recordsKey = `${base}records`;
    this.#cancelChannel = `${base}cancel`;
    this.#decisionChannel = `${base}approvals`;
    this.#redis = openRedis(options.url, `${name}-cluster`);
    this.#subscriber = openRedis(options.url, `${name}-cluster-events`);
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#cancelChannel) return this.#onCancel(message);
      try {
        this.#onDecision(JSON.parse(message) as ClusterDecision);
      } catch {
        // Not one of ours: ignored.
      }
    });
    // Subscribed again on every (re)connection: a cancel sent while away is lost, the reader can cancel again.
    this.#subscriber.on('ready', () => {
      this.#subscriber.subscribe(this.#cancelChannel, this.#decisionChannel).catch(() => undefined);
    });
  }

  /** Tells `handler` of every cancel published by any instance (the handler ignores runs it does not drive). */
  onCancel(handler: (runId: string) => void): void {
    this.#onCancel = handler;
  }

  /** Asks every instance to cancel `runId`. @throws AppError BACKEND_UNAVAILABLE */
  async publishCancel(runId: string): Promise<void> {
    try {
      await this.#redis.publish(this.#cancelChannel, runId);
    } catch (error) {
      throw redisFailure(error, 'cancelling a run');
    }
  }

  /** Tells `handler` of every approval decision published by any instance (it ignores runs it does not drive). */
  onDecision(handler: (decision: ClusterDecision) => void): void {
    this.#onDecision = handler;
  }

  /**
   * Sends a person's decision on a held call to the instance that drives the run.
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async publishDecision(decision: ClusterDecision): Promise<void> {
    try {
      await this.#redis.publish(this.#decisionChannel, JSON.stringify(decision));
    } catch (error) {
      throw redisFailure(error, 'sending an approval decision');
    }
  }

  /** Puts a starting run under lease until `expiresAt` (ms). @throws AppError BACKEND_UNAVAILABLE */
  async track(record: ClusterRunRecord, expiresAt: number): Promise<void> {
    try {
      await this.#redis
        .multi()
        .zadd(this.#leasesKey, expiresAt, record.runId)
        .hset(this.#recordsKey, record.runId, JSON.stringify(record))
        .exec();
    } catch (error) {
      throw redisFailure(error, 'recording a run');
    }
  }

  /** Takes an ended run out of the lease set. @throws AppError BACKEND_UNAVAILABLE */
  async untrack(runId: string): Promise<void> {
    try {
      await this.#redis.multi().zrem(this.#leasesKey, runId).hdel(this.#recordsKey, runId).exec();
    } catch (error) {
      throw redisFailure(error, 'closing a run');
    }
  }

  /**
   * Moves the leases of this instance's runs to `expiresAt` (ms); a run already claimed as lost stays lost.
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async renew(runIds: readonly string[], expiresAt: number): Promise<void> {
    if (runIds.length === 0) return;
    try {
      await this.#redis.zadd(this.#leasesKey, 'XX', ...runIds.flatMap((id) => [expiresAt, id]));
    } catch (error) {
      throw redisFailure(error, 'renewing run leases');
    }
  }

  /**
   * Claims runs whose lease expired before `now` (ms): each is returned to exactly one caller.
   * @throws AppError BACKEND_UNAVAILABLE
   */
  async claimExpired(now: number, limit = 20): Promise<ClusterRunRecord[]> {
    let raw: unknown;
    try {
      raw = await CLAIM_EXPIRED.run(this.#redis, [this.#leasesKey, this.#recordsKey], [now, limit]);
    } catch (error) {
      throw redisFailure(error, 'looking for lost runs');
    }
    const records: ClusterRunRecord[] = [];
    for (const text of Array.isArray(raw) ? raw : []) {
      if (typeof text !== 'string') continue;
      try {
        const parsed = clusterRunRecord.safeParse(JSON.parse(text));
        if (parsed.success) records.push(parsed.data);
      } catch {
        // Not our JSON: nothing to close it with.
      }
    }
    return records;
  }

  /** Whether Redis answers (`/readyz`). @throws AppError BACKEND_UNAVAILABLE */
  async ping(): Promise<void> {
    try {
      await this.#redis.ping();
    } catch (error) {
      throw redisFailure(error, 'checking the connection');
    }
  }

  /** Closes every connection; leases still held expire on their own. */
  async quit(): Promise<void> {
    this.#subscriber.disconnect();
    await Promise.allSettled([this.admission.quit(), this.streams.quit()]);
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
