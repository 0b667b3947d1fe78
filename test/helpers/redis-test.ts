import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The shared Redis of this machine (`REDIS_TEST_URL` to use another). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test run, so runs never see each other's keys. */
export function testKeyPrefix(): string {
  return `cmw-test-${randomBytes(6).toString('hex')}:`;
}

/** A connection for the test itself: to look at keys and clean up. */
export function openTestRedis(url = REDIS_TEST_URL): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return redis;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** The names of the connections Redis holds whose name starts with `namePrefix`. */
export async function connectionNames(redis: Redis, namePrefix: string): Promise<string[]> {
  const list = String(await redis.client('LIST'));
  return [...list.matchAll(/ name=(\S*)/g)].map((m) => m[1]!).filter((n) => n.startsWith(namePrefix));
}

export { freePort } from './built-server.js';

/** A `redis-server` of the test's own, on its own port, that the test may kill and start again. */
export class OwnRedis {
  readonly port: number;
  #child: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server and waits until it answers PING. */
  async start(): Promise<void> {
    this.#child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = openTestRedis(this.url);
    try {
      for (let i = 0; ; i++) {
        try {
          if ((await probe.ping()) === 'PONG') return;
        } catch (error) {
          if (i > 100) throw error;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      probe.disconnect();
    }
  }

  /** Kills the server outright (SIGKILL) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `check` until it holds or `timeoutMs` passes (then the test fails on the last answer). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
