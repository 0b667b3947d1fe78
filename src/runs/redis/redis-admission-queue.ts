import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors/app-error.js';
import type { AdmissionOptions } from '../admission-queue.js';
import type {
  Admission,
  AdmissionLease,
  AdmissionPositionListener,
  AdmissionRequest,
  AdmissionTicket,
} from '../admission.js';
import { estimateEtas, roundS } from '../queue-estimates.js';
import { BEAT, JOIN, LEAVE, RELEASE } from './admission-scripts.js';
import type { LuaScript } from './lua-script.js';
import { openRedis, redisFailure, type RedisTarget } from './redis-connection.js';

/** Options of the Redis admission queue: the `QUEUE_*` ones (the same on every instance) and the lease. */
export interface RedisAdmissionOptions extends AdmissionOptions, RedisTarget {
  /**
   * How long a ticket (waiting or holding a slot) lives without a heartbeat (`RUN_LEASE_S`): the bound on how long
   * the slots of a killed instance stay taken. @default 15000
   */
  readonly leaseMs?: number;
  /** How often this instance renews its tickets. @default leaseMs / 3 */
  readonly heartbeatMs?: number;
  /** Names the connections (`<name>-admission`, `<name>-admission-events`). @default 'cmw' */
  readonly name?: string;
}

/** A slot granted by the Redis queue. */
export interface RedisLease extends AdmissionLease {
  /** Aborts when the lease was found expired (this instance stalled past the lease, or Redis lost it). */
  readonly lost: AbortSignal;
  /** Frees the slot; never rejects (if Redis is down the lease simply expires). */
  release(outcome?: { completed?: boolean }): Promise<void>;
}

/** A place in the Redis queue. */
export interface RedisTicket extends AdmissionTicket {
  readonly lease: Promise<RedisLease>;
}

/** The whole queue as one script saw it. */
interface QueueView {
  readonly epoch: string;
  readonly version: number;
  readonly waiting: string[];
  readonly waitingKinds: string[];
  readonly running: Map<string, { kind: string; grantedAt: number }>;
  readonly averageMs: Map<string, number>;
}

interface LocalWaiter {
  readonly id: string;
  readonly kind: string;
  readonly resolve: (lease: RedisLease) => void;
  readonly reject: (error: unknown) => void;
  readonly onPosition: AdmissionPositionListener | undefined;
  /** Whether Redis has the ticket yet: views taken before the join do not know it. */
  joined: boolean;
  timer: NodeJS.Timeout | undefined;
  cleanup: () => void;
  position: number;
  size: number;
  etaS: number | null;
}

const DEFAULT_KIND = 'default';

/**
 * The admission queue shared by every instance on one Redis: the global cap, FIFO and per-session order, the bounded
 * wait list, positions and ETAs of `AdmissionQueue`, kept in Redis sorted sets and changed only by Lua scripts
 * (`admission-scripts.ts`). Every ticket has a lease that this instance renews by heartbeat; the tickets of an
 * instance that dies expire within `leaseMs` (plus one heartbeat of a live instance, which reaps them), so its
 * slots come back. Changes are announced on a Pub/Sub channel, and each instance re-reads the queue to tell its
 * waiters their places and to hand out the slots it was granted. The wait deadline is kept by the waiting
 * instance's own timer.
 */
export class RedisAdmissionQueue implements Admission {
  readonly #options: AdmissionOptions;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #redis: Redis;
  readonly #events: Redis;
  readonly #keys: string[];
  readonly #channel: string;
  readonly #waiting = new Map<string, LocalWaiter>();
  readonly #held = new Map<string, AbortController>();
  readonly #heartbeat: NodeJS.Timeout;
  #seen: { epoch: string; version: number } | undefined;
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  #closed = false;
  readonly #leaving: Promise<void>[] = [];

  constructor(options: RedisAdmissionOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? 15_000;
    this.#now = options.now ?? (() => Date.now());
    const base = `${options.keyPrefix}{admission}:`;
    this.#keys = [
      'waiting',
      'running',
      'deadline',
      'tickets',
      'busy',
      'ptime-total',
      'ptime-count',
      'version',
      'epoch',
      'joins',
    ].map((k) => base + k);
    this.#channel = `${base}changed`;
    const name = options.name ?? 'cmw';
    this.#redis = openRedis(options.url, `${name}-admission`);
    this.#events = openRedis(options.url, `${name}-admission-events`);
    this.#events.on('message', () => this.#refresh());
    // On every (re)connection: subscribe (ioredis would only renew a subscription that once succeeded) and catch up
    // on the changes missed while away.
    this.#events.on('ready', () => {
      this.#events.subscribe(this.#channel).then(
        () => this.#refresh(),
        () => {},
      );
    });
    this.#heartbeat = setInterval(() => void this.#beat(), options.heartbeatMs ?? this.#leaseMs / 3);
    this.#heartbeat.unref();
  }

  /**
   * Joins the queue shared by every instance.
   * @throws AppError QUEUE_FULL, SHUTTING_DOWN, BACKEND_UNAVAILABLE (within 5 s when Redis does not answer)
   */
  async enqueue(request: AdmissionRequest): Promise<RedisTicket> {
    if (this.#closed) throw new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');
    const id = randomUUID();
    const kind = request.kind ?? DEFAULT_KIND;
    let waiter!: LocalWaiter;
    const lease = new Promise<RedisLease>((resolve, reject) => {
      waiter = {
        id,
        kind,
        resolve,
        reject,
        onPosition: request.onPosition,
        joined: false,
        timer: undefined,
        cleanup: () => {},
        position: 0,
        size: 0,
        etaS: null,
      };
    });
    this.#waiting.set(id, waiter);
    const ticket = JSON.stringify({ k: kind, s: request.sessionKey });
    let status: unknown;
    let view: QueueView;
    try {
      [status, view] = await this.#run(
        JOIN,
        [id, ticket, this.#options.maxSize, request.sessionKey ?? ''],
        'joining the queue',
      );
    } catch (error) {
      this.#waiting.delete(id);
      throw error;
    }
    if (status === 'full') {
      this.#waiting.delete(id);
      throw new AppError(
        'QUEUE_FULL',
        `The queue is full (${view.waiting.length} requests waiting, QUEUE_MAX_SIZE=${this.#options.maxSize}); try again later.`,
      );
    }
    waiter.joined = true;
    if (status === 'waiting') {
      waiter.timer = setTimeout(() => {
        void this.#leave(
          waiter,
          new AppError(
            'QUEUE_TIMEOUT',
            `Request timeout: waited ${Math.round(this.#options.timeoutMs / 100) / 10} s in the queue for a free slot (QUEUE_TIMEOUT_S).`,
          ),
        );
      }, this.#options.timeoutMs);
      const signal = request.signal;
      if (signal) {
        const onAbort = () => void this.#leave(waiter, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
        // Aborted during the join's round trip: no event will come.
        if (signal.aborted) onAbort();
      }
    }
    this.#apply(view);
    return { lease };
  }

  /** Runs holding a slot and runs waiting, over every instance. @throws AppError BACKEND_UNAVAILABLE */
  async counts(): Promise<{ running: number; waiting: number }> {
    const [, view] = await this.#run(BEAT, [], 'reading the queue');
    this.#apply(view);
    return { running: view.running.size, waiting: view.waiting.length };
  }

  /** The mean seconds completed runs of `kind` held a slot, over every instance. @throws BACKEND_UNAVAILABLE */
  async averageS(kind: string = DEFAULT_KIND): Promise<number | null> {
    const [, view] = await this.#run(BEAT, [], 'reading the queue');
    const ms = view.averageMs.get(kind);
    return ms === undefined ? null : roundS(ms);
  }

  /**
   * Refuses new runs and fails this instance's waiting runs with SHUTTING_DOWN at once, as the in-process queue
   * does; taking their tickets out of Redis goes on in the background (`quit` waits for it).
   */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#waiting.values()]) {
      this.#leaving.push(
        this.#leave(waiter, new AppError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.')),
      );
    }
  }

  /**
   * Stops the heartbeat and closes the connections. Slots still held are not released: they expire with their
   * leases, as a crashed instance's would.
   */
  async quit(): Promise<void> {
    this.close();
    await Promise.all(this.#leaving);
    clearInterval(this.#heartbeat);
    await Promise.all([this.#redis, this.#events].map((r) => r.quit().then(undefined, () => r.disconnect())));
  }

  async #leave(waiter: LocalWaiter, error: unknown): Promise<void> {
    if (this.#waiting.get(waiter.id) !== waiter) return;
    this.#waiting.delete(waiter.id);
    clearTimeout(waiter.timer);
    waiter.cleanup();
    waiter.reject(error);
    try {
      const [, view] = await this.#run(LEAVE, [waiter.id], 'leaving the queue');
      this.#apply(view);
    } catch {
      // Redis is away: the ticket is no longer renewed and expires with its lease.
    }
  }

  #grant(waiter: LocalWaiter): void {
    const controller = new AbortController();
    this.#held.set(waiter.id, controller);
    let released = false;
    waiter.resolve({
      lost: controller.signal,
      release: async (outcome) => {
        if (released) return;
        released = true;
        this.#held.delete(waiter.id);
        try {
          const [, view] = await this.#run(
            RELEASE,
            [waiter.id, outcome?.completed === true ? '1' : '0'],
            'releasing a slot',
          );
          this.#apply(view);
        } catch {
          // Redis is away: the slot comes back when its lease expires.
        }
      },
    });
  }

  /** Tells this instance's waiters what a view says: granted, a new place, or gone. Older views are ignored. */
  #apply(view: QueueView): void {
    const seen = this.#seen;
    if (seen && seen.epoch === view.epoch && view.version < seen.version) return;
    this.#seen = { epoch: view.epoch, version: view.version };
    for (const waiter of [...this.#waiting.values()]) {
      if (!waiter.joined || !view.running.has(waiter.id)) continue;
      this.#waiting.delete(waiter.id);
      clearTimeout(waiter.timer);
      waiter.cleanup();
      this.#grant(waiter);
    }
    const size = view.waiting.length;
    const etas = estimateEtas({
      concurrency: this.#options.concurrency,
      now: this.#now(),
      running: view.running.size,
      holders: view.running.values(),
      waitingKinds: view.waitingKinds,
      averageMs: (kind) => view.averageMs.get(kind),
    });
    const places = new Map(view.waiting.map((id, i) => [id, i]));
    for (const waiter of [...this.#waiting.values()].sort(
      (a, b) => (places.get(a.id) ?? -1) - (places.get(b.id) ?? -1),
    )) {
      if (!waiter.joined) continue;
      const i = places.get(waiter.id);
      if (i === undefined) {
        // Its lease expired (this process stalled longer than the lease, or Redis lost its data).
        this.#waiting.delete(waiter.id);
        clearTimeout(waiter.timer);
        waiter.cleanup();
        waiter.reject(
          new AppError('BACKEND_UNAVAILABLE', 'The run lost its place in the queue (Redis); try again.'),
        );
        continue;
      }
      const etaS = etas[i] ?? null;
      if (waiter.position === i + 1 && waiter.size === size && waiter.etaS === etaS) continue;
      waiter.position = i + 1;
      waiter.size = size;
      waiter.etaS = etaS;
      waiter.onPosition?.(waiter.position, size, etaS);
    }
  }

  /** Re-reads the queue after a change anywhere; coalesced, as changes come in bursts. */
  #refresh(): void {
    if (this.#waiting.size === 0) return;
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    this.#refreshing = (async () => {
      do {
        this.#refreshAgain = false;
        try {
          const [, view] = await this.#run(BEAT, [], 'reading the queue');
          this.#apply(view);
        } catch {
          // The heartbeat tries again.
        }
      } while (this.#refreshAgain && this.#waiting.size > 0);
      this.#refreshing = undefined;
    })();
  }

  /** Renews this instance's tickets; a lease found expired aborts its `lost` signal. */
  async #beat(): Promise<void> {
    const ids = [...this.#waiting.keys(), ...this.#held.keys()];
    if (ids.length === 0) return;
    try {
      const [lost, view] = await this.#run(BEAT, ids, 'renewing leases');
      for (const id of Array.isArray(lost) ? (lost as string[]) : []) {
        const held = this.#held.get(id);
        if (!held) continue;
        this.#held.delete(id);
        held.abort(
          new AppError('BACKEND_UNAVAILABLE', 'The run lost its slot in the queue (lease expired).'),
        );
      }
      this.#apply(view);
    } catch {
      // Redis is away; the next beat tries again.
    }
  }

  async #run(
    script: LuaScript,
    args: (string | number)[],
    what: string,
  ): Promise<[status: unknown, view: QueueView]> {
    let reply: unknown;
    try {
      reply = await script.run(this.#redis, this.#keys, [
        this.#channel,
        this.#now(),
        this.#options.concurrency,
        this.#leaseMs,
        // A fresh candidate every time: the first script after a Redis restart starts a new epoch, which must differ
        // from every epoch seen before (an instance's own earlier candidate included).
        randomUUID(),
        ...args,
      ]);
    } catch (error) {
      throw redisFailure(error, what);
    }
    return parseView(reply);
  }
}

/** The `finish` answer of the scripts: status, epoch, version, waiting ids and kinds, running, averages. */
function parseView(reply: unknown): [unknown, QueueView] {
  const [status, epoch, version, waiting, waitingKinds, running, runningKinds, totals, counts] = reply as [
    unknown,
    string,
    number,
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  const runningMap = new Map<string, { kind: string; grantedAt: number }>();
  for (let i = 0; i + 1 < running.length; i += 2) {
    runningMap.set(running[i]!, {
      kind: runningKinds[i / 2] ?? DEFAULT_KIND,
      grantedAt: Number(running[i + 1]),
    });
  }
  const count = new Map<string, number>();
  for (let i = 0; i + 1 < counts.length; i += 2) count.set(counts[i]!, Number(counts[i + 1]));
  const averageMs = new Map<string, number>();
  for (let i = 0; i + 1 < totals.length; i += 2) {
    const n = count.get(totals[i]!);
    if (n) averageMs.set(totals[i]!, Number(totals[i + 1]) / n);
  }
  return [status, { epoch, version: Number(version), waiting, waitingKinds, running: runningMap, averageMs }];
}
