import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteKeys,
  openTestRedis,
  REDIS_TEST_URL,
  testKeyPrefix,
  until,
} from '../../test/helpers/redis-test.js';
import { isAppError } from '../errors/app-error.js';
import type { Admission, AdmissionRequest, AdmissionTicket } from './admission.js';
import { AdmissionQueue, type AdmissionOptions } from './admission-queue.js';
import { RedisAdmissionQueue } from './redis/redis-admission-queue.js';

/** One implementation of the admission contract, as the suite makes it. */
interface Implementation {
  readonly name: string;
  make(options: AdmissionOptions): Admission;
  /** Closes what `make` opened and removes what it left behind. */
  cleanUp(): Promise<void>;
}

const opened: { queue: RedisAdmissionQueue; keyPrefix: string }[] = [];

const implementations: Implementation[] = [
  {
    name: 'in-process AdmissionQueue',
    make: (options) => new AdmissionQueue(options),
    cleanUp: () => Promise.resolve(),
  },
  {
    name: 'Redis (Lua scripts)',
    make: (options) => {
      const keyPrefix = testKeyPrefix();
      // A long lease: the fake clock of the ETA test jumps ahead of the heartbeats.
      const queue = new RedisAdmissionQueue({ ...options, url: REDIS_TEST_URL, keyPrefix, leaseMs: 600_000 });
      opened.push({ queue, keyPrefix });
      return queue;
    },
    cleanUp: async () => {
      const redis = openTestRedis();
      for (const { queue, keyPrefix } of opened.splice(0)) {
        await queue.quit();
        await deleteKeys(redis, keyPrefix);
      }
      await redis.quit();
    },
  },
];

/** Joins: a refusal arrives as a rejection whichever way the implementation reports it. */
const join = async (q: Admission, request: AdmissionRequest = {}): Promise<AdmissionTicket> =>
  q.enqueue(request);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(implementations)('Admission conformance: $name', (implementation) => {
  const make = (options: AdmissionOptions) => implementation.make(options);
  afterEach(() => implementation.cleanUp());

  it('caps concurrency and admits in FIFO order', async () => {
    const q = make({ concurrency: 1, maxSize: 10, timeoutMs: 5_000 });
    const order: string[] = [];
    const a = await join(q);
    const b = await join(q);
    const c = await join(q);
    void b.lease.then(() => order.push('b'));
    void c.lease.then(() => order.push('c'));
    const la = await a.lease;
    expect(await q.counts()).toEqual({ running: 1, waiting: 2 });
    await la.release();
    await (await b.lease).release();
    await (await c.lease).release();
    expect(order).toEqual(['b', 'c']);
    expect(await q.counts()).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps one session in order even when other slots are free', async () => {
    const q = make({ concurrency: 4, maxSize: 10, timeoutMs: 5_000 });
    const first = await (await join(q, { sessionKey: 's' })).lease;
    let secondStarted = false;
    const second = await join(q, { sessionKey: 's' });
    void second.lease.then(() => (secondStarted = true));
    const other = await (await join(q, { sessionKey: 't' })).lease; // a different session is not held up
    await pause(50);
    expect(secondStarted).toBe(false);
    await first.release();
    await second.lease;
    expect(secondStarted).toBe(true);
    await other.release();
    await (await second.lease).release();
  });

  it('refuses with QUEUE_FULL past maxSize', async () => {
    const q = make({ concurrency: 1, maxSize: 1, timeoutMs: 5_000 });
    const held = await (await join(q)).lease;
    const waiting = await join(q);
    const refused = await join(q).then(
      () => undefined,
      (e: unknown) => (isAppError(e) ? e.code : e),
    );
    expect(refused).toBe('QUEUE_FULL');
    await held.release();
    await (await waiting.lease).release();
  });

  it('times out a wait with QUEUE_TIMEOUT and frees the place', async () => {
    const q = make({ concurrency: 1, maxSize: 5, timeoutMs: 100 });
    const held = await (await join(q)).lease;
    const late = await join(q);
    await expect(late.lease).rejects.toMatchObject({ code: 'QUEUE_TIMEOUT' });
    expect((await q.counts()).waiting).toBe(0);
    await held.release();
  });

  it('reports positions as they change', async () => {
    const q = make({ concurrency: 1, maxSize: 5, timeoutMs: 5_000 });
    const held = await (await join(q)).lease;
    const seen: string[] = [];
    await join(q);
    const t = await join(q, { onPosition: (p, size) => seen.push(`${p}/${size}`) });
    expect(seen).toEqual(['2/2']);
    (await join(q)).lease.catch(() => {});
    await until(() => seen.length === 2);
    expect(seen).toEqual(['2/2', '2/3']);
    await held.release();
    await until(() => seen.length === 3);
    expect(seen).toEqual(['2/2', '2/3', '1/2']);
    await q.close();
    await expect(t.lease).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('a cancel leaves the queue', async () => {
    const q = make({ concurrency: 1, maxSize: 5, timeoutMs: 5_000 });
    const held = await (await join(q)).lease;
    const controller = new AbortController();
    const t = await join(q, { signal: controller.signal });
    controller.abort('cancel');
    await expect(t.lease).rejects.toBe('cancel');
    expect((await q.counts()).waiting).toBe(0);
    await held.release();
  });

  it('close() fails waiting runs with SHUTTING_DOWN and refuses new ones', async () => {
    const q = make({ concurrency: 1, maxSize: 5, timeoutMs: 5_000 });
    await (
      await join(q)
    ).lease;
    const t = await join(q);
    await q.close();
    await expect(t.lease).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    await expect(join(q)).rejects.toThrow(/shutting down/);
  });

  // Gradio 5.49.1 queueing.py: ProcessTime.add (completed runs only) and Queue.broadcast_estimations (rank_eta).
  it('estimates seconds until the answer from the average process time per kind, as Gradio does', async () => {
    let now = 0;
    const q = make({ concurrency: 1, maxSize: 10, timeoutMs: 60_000, now: () => now });
    const told = new Map<string, [number, number, number | null][]>();
    const listen = (name: string) => (position: number, size: number, etaS: number | null) =>
      told.set(name, [...(told.get(name) ?? []), [position, size, etaS]]);

    expect(await q.averageS('ask')).toBeNull();
    const a = await (await join(q, { kind: 'ask' })).lease;
    const b = await join(q, { kind: 'ask', onPosition: listen('b') });
    // No run of the kind has completed: no estimate yet.
    expect(told.get('b')).toEqual([[1, 1, null]]);
    now = 10_000;
    await a.release({ completed: true });
    const leaseB = await b.lease;
    expect(await q.averageS('ask')).toBe(10);

    now = 12_000;
    const waiting = [
      await join(q, { kind: 'ask', onPosition: listen('c') }),
      await join(q, { kind: 'ask', onPosition: listen('d') }),
    ];
    // C: its own 10 s + 8 s until B (granted at 10 s, averaging 10 s) frees the slot.
    // D: the same plus C's 10 s ahead of it (one slot).
    expect(told.get('c')).toEqual([
      [1, 1, 18],
      [1, 2, 18],
    ]);
    expect(told.get('d')).toEqual([[2, 2, 28]]);
    // A kind nothing is known about gets no estimate, and neither does anything behind it.
    waiting.push(
      await join(q, { kind: 'native', onPosition: listen('e') }),
      await join(q, { kind: 'ask', onPosition: listen('f') }),
    );
    expect(told.get('e')).toEqual([
      [3, 3, null],
      [3, 4, null],
    ]);
    expect(told.get('f')).toEqual([[4, 4, null]]);

    // Failed or cancelled runs do not count.
    now = 40_000;
    await leaseB.release();
    expect(await q.averageS('ask')).toBe(10);
    await q.close();
    await Promise.allSettled(waiting.map((t) => t.lease));
  });
});
