import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { AdmissionQueue } from './admission-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AdmissionQueue', () => {
  it('caps concurrency and admits in FIFO order', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 10, timeoutMs: 1000 });
    const order: string[] = [];
    const a = q.enqueue({});
    const b = q.enqueue({});
    const c = q.enqueue({});
    void b.lease.then(() => order.push('b'));
    void c.lease.then(() => order.push('c'));
    const la = await a.lease;
    expect(q.running).toBe(1);
    expect(q.waiting).toBe(2);
    la.release();
    (await b.lease).release();
    (await c.lease).release();
    expect(order).toEqual(['b', 'c']);
    expect(q.running).toBe(0);
  });

  it('keeps one session in order even when other slots are free', async () => {
    const q = new AdmissionQueue({ concurrency: 4, maxSize: 10, timeoutMs: 1000 });
    const first = await q.enqueue({ sessionKey: 's' }).lease;
    let secondStarted = false;
    const second = q.enqueue({ sessionKey: 's' });
    void second.lease.then(() => (secondStarted = true));
    const other = await q.enqueue({ sessionKey: 't' }).lease; // a different session is not held up
    await tick();
    expect(secondStarted).toBe(false);
    first.release();
    await second.lease;
    expect(secondStarted).toBe(true);
    other.release();
  });

  it('refuses with QUEUE_FULL past maxSize, synchronously', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 1, timeoutMs: 1000 });
    const held = await q.enqueue({}).lease;
    const waiting = q.enqueue({});
    let code: string | undefined;
    try {
      q.enqueue({});
    } catch (e) {
      code = isAppError(e) ? e.code : undefined;
    }
    expect(code).toBe('QUEUE_FULL');
    held.release();
    (await waiting.lease).release();
  });

  it('times out a wait with QUEUE_TIMEOUT and frees the place', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 5, timeoutMs: 30 });
    const held = await q.enqueue({}).lease;
    const late = q.enqueue({});
    await expect(late.lease).rejects.toMatchObject({ code: 'QUEUE_TIMEOUT' });
    expect(q.waiting).toBe(0);
    held.release();
  });

  it('reports positions as they change', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 5, timeoutMs: 1000 });
    const held = await q.enqueue({}).lease;
    const seen: string[] = [];
    q.enqueue({});
    const t = q.enqueue({ onPosition: (p, size) => seen.push(`${p}/${size}`) });
    expect(seen).toEqual(['2/2']);
    q.enqueue({}).lease.catch(() => {});
    expect(seen).toEqual(['2/2', '2/3']);
    held.release();
    await tick();
    expect(seen).toEqual(['2/2', '2/3', '1/2']);
    q.close();
    await expect(t.lease).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('a cancel leaves the queue', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 5, timeoutMs: 1000 });
    const held = await q.enqueue({}).lease;
    const controller = new AbortController();
    const t = q.enqueue({ signal: controller.signal });
    controller.abort('cancel');
    await expect(t.lease).rejects.toBe('cancel');
    expect(q.waiting).toBe(0);
    held.release();
  });

  it('close() fails waiting runs with SHUTTING_DOWN and refuses new ones', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 5, timeoutMs: 1000 });
    await q.enqueue({}).lease;
    const t = q.enqueue({});
    q.close();
    await expect(t.lease).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(() => q.enqueue({})).toThrow(/shutting down/);
  });
});
