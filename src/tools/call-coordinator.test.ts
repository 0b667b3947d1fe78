import { describe, expect, it } from 'vitest';
import { CallCoordinator, canonicalJson } from './call-coordinator.js';

const deferred = () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('CallCoordinator', () => {
  it('runs deep-equal calls of one step once, and again in another step', async () => {
    const c = new CallCoordinator();
    let runs = 0;
    const execute = () => ++runs;
    const call = (input: unknown, step: number) =>
      c.run({ name: 'read', input, step, writes: false }, execute);
    const [a, b] = await Promise.all([
      call({ x: 1, y: { p: 1, q: 2 } }, 2),
      call({ y: { q: 2, p: 1 }, x: 1 }, 2),
    ]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await call({ x: 1, y: { p: 1, q: 2 } }, 4)).toBe(2);
    expect(await call({ x: 2 }, 4)).toBe(3);
  });

  it('runs writes one after another even when one fails, and reads at once', async () => {
    const c = new CallCoordinator();
    const order: string[] = [];
    const first = deferred();
    const w1 = c.run({ name: 'w', input: 1, step: 1, writes: true }, () => {
      order.push('w1 start');
      return first.promise;
    });
    const w2 = c.run({ name: 'w', input: 2, step: 1, writes: true }, () => {
      order.push('w2 start');
      return 'w2';
    });
    const r = c.run({ name: 'r', input: 1, step: 1, writes: false }, () => {
      order.push('read');
      return 'r';
    });
    expect(await r).toBe('r');
    expect(order).toEqual(['w1 start', 'read']);
    first.reject(new Error('refused'));
    await expect(w1).rejects.toThrow('refused');
    expect(await w2).toBe('w2');
    expect(order).toEqual(['w1 start', 'read', 'w2 start']);
  });

  it('canonicalJson ignores key order only', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
