import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, openTestRedis, REDIS_TEST_URL, testKeyPrefix } from '../../test/helpers/redis-test.js';
import type { RunEvent, RunEventBody } from './run-event.js';
import { RunLog } from './run-log.js';
import type { RunStream } from './run-stream.js';
import { RedisRunStreams } from './redis/redis-run-streams.js';

/** One implementation of the run stream contract, as the suite drives it. */
interface Implementation {
  readonly name: string;
  open(): Promise<{ create: () => Promise<RunStream>; close: () => Promise<void> }>;
}

const implementations: Implementation[] = [
  {
    name: 'in-process RunLog',
    open: () =>
      Promise.resolve({
        create: () =>
          Promise.resolve<RunStream>(new RunLog(randomBytes(8).toString('hex'), 'native', 'owner-a')),
        close: () => Promise.resolve(),
      }),
  },
  {
    name: 'Redis Streams',
    open: () => {
      const keyPrefix = testKeyPrefix();
      const streams = new RedisRunStreams({ url: REDIS_TEST_URL, keyPrefix, retentionS: 60 });
      return Promise.resolve({
        create: () => streams.create(randomBytes(8).toString('hex'), 'native', 'owner-a'),
        close: async () => {
          await streams.quit();
          const redis = openTestRedis();
          await deleteKeys(redis, keyPrefix);
          await redis.quit();
        },
      });
    },
  },
];

const delta = (text: string): RunEventBody => ({ type: 'text-delta', text }) as RunEventBody;
const end = (text = 'done'): RunEventBody => ({ type: 'run-end', status: 'completed', text });

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(implementations)('RunStream conformance: $name', (implementation) => {
  let create: () => Promise<RunStream>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ create, close } = await implementation.open());
  });
  afterAll(async () => {
    await close();
  });

  it('numbers events 1, 2, 3 … and snapshots after any seq', async () => {
    const run = await create();
    const first = await run.append(delta('a'));
    await run.append(delta('b'));
    await run.append(delta('c'));
    expect(first).toMatchObject({ type: 'text-delta', text: 'a', seq: 1 });
    expect(first?.at).toBeGreaterThan(0);
    expect((await run.snapshot()).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await run.snapshot(1)).map((e) => (e as { text: string }).text)).toEqual(['b', 'c']);
    expect(await run.snapshot(3)).toEqual([]);
    expect(await run.info()).toMatchObject({
      length: 3,
      ended: false,
      status: undefined,
      endedAt: undefined,
    });
  });

  it('takes nothing after run-end and tells how the run ended', async () => {
    const run = await create();
    await run.append(delta('a'));
    const last = await run.append({ type: 'run-end', status: 'cancelled', text: 'a' });
    expect(last?.seq).toBe(2);
    expect(await run.append(delta('late'))).toBeUndefined();
    expect((await run.snapshot()).map((e) => e.type)).toEqual(['text-delta', 'run-end']);
    const info = await run.info();
    expect(info).toMatchObject({ length: 2, ended: true, status: 'cancelled' });
    expect(info.endedAt).toBe(last?.at);
  });

  it('a reader replays what is there, follows live, and stops at run-end', async () => {
    const run = await create();
    await run.append(delta('before'));
    const reading = collect(run.follow(0, new AbortController().signal));
    await pause(20);
    await run.append(delta('live'));
    await pause(20);
    await run.append(end('before live'));
    const seen = await reading;
    expect(seen.map((e) => [e.seq, e.type])).toEqual([
      [1, 'text-delta'],
      [2, 'text-delta'],
      [3, 'run-end'],
    ]);
    expect(seen[2]).toMatchObject({ type: 'run-end', status: 'completed', text: 'before live' });
  });

  it('several readers follow one run at once and each sees every event', async () => {
    const run = await create();
    const readers = Array.from({ length: 5 }, () => collect(run.follow(0, new AbortController().signal)));
    await pause(20);
    for (let i = 0; i < 20; i++) await run.append(delta(String(i)));
    await run.append(end());
    const all = await Promise.all(readers);
    for (const seen of all)
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('a late reader replays the whole ended run and ends', async () => {
    const run = await create();
    await run.append(delta('x'));
    await run.append(end('x'));
    const seen = await collect(run.follow(0, new AbortController().signal));
    expect(seen.map((e) => e.type)).toEqual(['text-delta', 'run-end']);
  });

  it('a reader resumes after the last seq it saw (Last-Event-ID)', async () => {
    const run = await create();
    for (const t of ['a', 'b', 'c']) await run.append(delta(t));
    const reading = collect(run.follow(2, new AbortController().signal));
    await run.append(end());
    expect((await reading).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('an abort stops a follower of a run that goes on', async () => {
    const run = await create();
    await run.append(delta('a'));
    const controller = new AbortController();
    const reading = collect(run.follow(0, controller.signal));
    await pause(20);
    controller.abort();
    expect((await reading).map((e) => e.seq)).toEqual([1]);
    expect(await run.append(delta('still running'))).toMatchObject({ seq: 2 });
  });
});
