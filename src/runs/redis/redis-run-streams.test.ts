import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectionNames,
  deleteKeys,
  freePort,
  openTestRedis,
  OwnRedis,
  REDIS_TEST_URL,
  testKeyPrefix,
  until,
} from '../../../test/helpers/redis-test.js';
import type { RunEvent, RunEventBody } from '../run-event.js';
import { RedisRunStreams } from './redis-run-streams.js';

const delta = (text: string): RunEventBody => ({ type: 'text-delta', text }) as RunEventBody;
const end = (): RunEventBody => ({ type: 'run-end', status: 'completed', text: 'done' });
const newId = () => randomBytes(8).toString('hex');

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('RedisRunStreams (Redis only)', () => {
  const keyPrefix = testKeyPrefix();
  const name = `cmw-test-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let a: RedisRunStreams;
  let b: RedisRunStreams;

  beforeAll(() => {
    redis = openTestRedis();
    // Two instances, two sets of connections: as two processes would have.
    a = new RedisRunStreams({ url: REDIS_TEST_URL, keyPrefix, retentionS: 30, name: `${name}-a` });
    b = new RedisRunStreams({ url: REDIS_TEST_URL, keyPrefix, retentionS: 30, name: `${name}-b` });
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
    await deleteKeys(redis, keyPrefix);
    expect(await redis.keys(`${keyPrefix}*`)).toEqual([]);
    await redis.quit();
  });

  it('a run written on one instance is found, replayed and followed on another', async () => {
    const id = newId();
    const writer = await a.create(id, 'ask_stream', 'gradio:k1');
    await writer.append(delta('one'));
    expect(await b.open(newId())).toBeUndefined();
    const reader = await b.open(id);
    expect(reader).toMatchObject({ id, api: 'ask_stream', owner: 'gradio:k1' });
    const reading = collect(reader!.follow(0, new AbortController().signal));
    await until(() => b.followers === 1);
    await writer.append(delta('two'));
    await writer.append(end());
    expect((await reading).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('keeps a running stream for the live TTL and an ended one for RUN_RETENTION_S', async () => {
    const id = newId();
    const run = await a.create(id, 'native', 'o');
    await run.append(delta('x'));
    const stream = `${keyPrefix}run:{${id}}`;
    expect(await redis.ttl(stream)).toBeGreaterThan(30);
    await run.append(end());
    for (const key of [stream, `${stream}:meta`]) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    }
  });

  it('trims a long stream to about MAXLEN and keeps numbering without gaps', async () => {
    const short = new RedisRunStreams({ url: REDIS_TEST_URL, keyPrefix, retentionS: 30, maxLen: 100, name });
    try {
      const id = newId();
      const run = await short.create(id, 'native', 'o');
      for (let i = 0; i < 1000; i++) await run.append(delta(String(i)));
      const length = await redis.xlen(`${keyPrefix}run:{${id}}`);
      expect(length).toBeGreaterThanOrEqual(100);
      expect(length).toBeLessThan(300);
      const kept = await run.snapshot();
      expect(kept.at(-1)?.seq).toBe(1000);
      expect(kept.map((e) => e.seq)).toEqual(
        Array.from({ length: kept.length }, (_, i) => 1001 - kept.length + i),
      );
      expect((await run.info()).length).toBe(1000);
    } finally {
      await short.quit();
    }
  });

  it('1,000 followers of 20 runs share one blocking connection and all end with their run', async () => {
    const runs = await Promise.all(Array.from({ length: 20 }, () => a.create(newId(), 'native', 'o')));
    const readers = await Promise.all(runs.map((run) => b.open(run.id)));
    const reading = Array.from({ length: 1000 }, (_, i) =>
      collect(readers[i % 20]!.follow(0, new AbortController().signal)),
    );
    await until(() => b.followers === 1000);
    expect((await connectionNames(redis, `${name}-b`)).sort()).toEqual([
      `${name}-b-runs`,
      `${name}-b-runs-reader`,
    ]);
    for (const run of runs) {
      await run.append(delta('hello'));
      await run.append(end());
    }
    const seen = await Promise.all(reading);
    for (const events of seen) expect(events.map((e) => e.type)).toEqual(['text-delta', 'run-end']);
    expect(b.followers).toBe(0);
  });

  it('fails fast with BACKEND_UNAVAILABLE when Redis cannot be reached', async () => {
    const nowhere = new RedisRunStreams({
      url: `redis://127.0.0.1:${await freePort()}`,
      keyPrefix,
      retentionS: 30,
      name,
    });
    try {
      const started = Date.now();
      await expect(nowhere.create(newId(), 'native', 'o')).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        status: 503,
      });
      await expect(nowhere.open(newId())).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await nowhere.quit();
    }
  });

  it('a Redis killed and restarted: followers end with an error, then the same instance works again', async () => {
    const own = new OwnRedis(await freePort());
    await own.start();
    const streams = new RedisRunStreams({ url: own.url, keyPrefix, retentionS: 30, name });
    try {
      const run = await streams.create(newId(), 'native', 'o');
      await run.append(delta('a'));
      const reading = collect(run.follow(0, new AbortController().signal)).then(
        () => 'ended without error',
        (error: unknown) => error,
      );
      await until(() => streams.followers === 1);
      await own.kill();
      // A follower ends with a clear error rather than hang.
      expect(await reading).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
      await expect(run.append(delta('b'))).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });

      await own.start(); // empty: nothing was saved
      await until(async () => {
        try {
          await streams.create('probe', 'native', 'o');
          return true;
        } catch {
          return false;
        }
      });
      const again = await streams.create(newId(), 'native', 'o');
      const follower = collect(again.follow(0, new AbortController().signal));
      await until(() => streams.followers === 1);
      await again.append(delta('after restart'));
      await again.append(end());
      expect((await follower).map((e) => e.seq)).toEqual([1, 2]);
    } finally {
      await streams.quit();
      await own.kill();
    }
  });
});
