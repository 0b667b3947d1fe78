import { spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteKeys,
  freePort,
  openTestRedis,
  OwnRedis,
  REDIS_TEST_URL,
  testKeyPrefix,
  until,
} from '../../../test/helpers/redis-test.js';
import type { AdmissionLease } from '../admission.js';
import { RedisAdmissionQueue, type RedisAdmissionOptions } from './redis-admission-queue.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RedisAdmissionQueue (Redis only)', () => {
  let redis: Redis;
  let keyPrefix: string;
  const open: RedisAdmissionQueue[] = [];
  /** An instance with its own connections, as another process would have, on this test's keys. */
  const instance = (options: Partial<RedisAdmissionOptions> = {}) => {
    const queue = new RedisAdmissionQueue({
      url: REDIS_TEST_URL,
      keyPrefix,
      concurrency: 1,
      maxSize: 10,
      timeoutMs: 20_000,
      ...options,
    });
    open.push(queue);
    return queue;
  };

  beforeAll(() => {
    redis = openTestRedis();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.quit()));
    await deleteKeys(redis, keyPrefix);
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([]);
    keyPrefix = testKeyPrefix();
  });
  afterAll(async () => {
    await redis.quit();
  });
  keyPrefix = testKeyPrefix();

  it('two instances share one cap, one order and the positions', async () => {
    const a = instance();
    const b = instance();
    const granted: string[] = [];
    const b1Places: string[] = [];
    const a2Places: string[] = [];
    const a1 = await (await a.enqueue({})).lease;
    // A waiter is told again when only its ETA changes (the ETA depends on the clock and on the averages that a
    // release updates); these lists keep the places, so a repeated place with a new ETA is recorded once.
    const place = (list: string[]) => (p: number, n: number) => {
      if (list.at(-1) !== `${p}/${n}`) list.push(`${p}/${n}`);
    };
    const b1 = await b.enqueue({ onPosition: place(b1Places) });
    const a2 = await a.enqueue({ onPosition: place(a2Places) });
    const b1Lease = b1.lease.then((lease) => (granted.push('b1'), lease));
    const a2Lease = a2.lease.then((lease) => (granted.push('a2'), lease));
    expect(a2Places).toEqual(['2/2']);
    // B learns of A's join through the change channel.
    await until(() => b1Places.length === 2);
    expect(b1Places).toEqual(['1/1', '1/2']);
    expect(await b.counts()).toEqual({ running: 1, waiting: 2 });
    await pause(50);
    expect(granted).toEqual([]);

    await a1.release({ completed: true });
    await (await b1Lease).release();
    await (await a2Lease).release();
    expect(granted).toEqual(['b1', 'a2']);
    expect(a2Places).toEqual(['2/2', '1/1']);
    expect(await a.counts()).toEqual({ running: 0, waiting: 0 });
    expect(await b.averageS()).not.toBeNull(); // one average for the cluster
  });

  it('keeps a session in order across instances even when slots are free', async () => {
    const a = instance({ concurrency: 4 });
    const b = instance({ concurrency: 4 });
    const first = await (await a.enqueue({ sessionKey: 's' })).lease;
    let secondStarted = false;
    const second = await b.enqueue({ sessionKey: 's' });
    void second.lease.then(() => (secondStarted = true));
    const other = await (await b.enqueue({ sessionKey: 't' })).lease;
    await pause(100);
    expect(secondStarted).toBe(false);
    await first.release();
    await (await second.lease).release();
    await other.release();
  });

  it('a killed holder (kill -9) loses its slot within the lease, and the next waiter gets it', async () => {
    const leaseMs = 1_500;
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/helpers/hold-admission-slot.ts',
        REDIS_TEST_URL,
        keyPrefix,
        String(leaseMs),
        '300',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        holder.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const b = instance({ leaseMs, heartbeatMs: 300 });
      let lease: AdmissionLease | undefined;
      const waiting = await b.enqueue({ sessionKey: 'held-session' });
      void waiting.lease.then((l) => (lease = l));
      // Alive and heart-beating, the holder keeps its slot well past one lease.
      await pause(leaseMs * 2);
      expect(lease).toBeUndefined();

      const killedAt = Date.now();
      holder.kill('SIGKILL');
      await waiting.lease;
      // Expired after at most one lease, reaped by B's next heartbeat (generous slack for a busy machine).
      expect(Date.now() - killedAt).toBeLessThan(leaseMs + 300 + 3_000);
      await lease!.release();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a holder that stops renewing in time is told through its lease’s lost signal', async () => {
    // C renews far too rarely for its lease; D, waiting, reaps it.
    const c = instance({ leaseMs: 300, heartbeatMs: 1_500 });
    const d = instance({ leaseMs: 300, heartbeatMs: 100 });
    const lease = await (await c.enqueue({})).lease;
    const next = await d.enqueue({});
    await next.lease;
    await until(() => lease.lost.aborted, 5_000);
    expect(lease.lost.reason).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await lease.release(); // harmless: the slot is D's now
    expect(await d.counts()).toEqual({ running: 1, waiting: 0 });
  });

  it('fails fast with BACKEND_UNAVAILABLE when Redis cannot be reached', async () => {
    const nowhere = instance({ url: `redis://127.0.0.1:${await freePort()}` });
    const started = Date.now();
    await expect(nowhere.enqueue({})).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', status: 503 });
    await expect(nowhere.counts()).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a Redis killed and restarted: requests fail fast meanwhile, then the same instances work again', async () => {
    const own = new OwnRedis(await freePort());
    await own.start();
    try {
      // Heartbeats far apart: after the restart only the change channel can tell B it was granted.
      const a = instance({ url: own.url, heartbeatMs: 60_000 });
      const b = instance({ url: own.url, heartbeatMs: 60_000 });
      await (await (await a.enqueue({})).lease).release();

      await own.kill();
      const started = Date.now();
      await expect(a.enqueue({})).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(5_000);

      await own.start(); // empty: nothing was saved
      const probe = openTestRedis(own.url);
      // Both instances subscribed again to the change channel by themselves.
      await until(async () => {
        const [, subscribers] = (await probe.pubsub('NUMSUB', `${keyPrefix}{admission}:changed`)) as [
          string,
          number,
        ];
        return subscribers === 2;
      });
      probe.disconnect();
      const held = await (await a.enqueue({})).lease;
      const waiting = await b.enqueue({});
      await held.release();
      await (await waiting.lease).release();
      expect(await b.counts()).toEqual({ running: 0, waiting: 0 });
    } finally {
      await Promise.all(open.splice(0).map((q) => q.quit()));
      await own.kill();
    }
  });
});
