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

  // Gradio 5.49.1 queueing.py: ProcessTime.add (completed runs only) and Queue.broadcast_estimations (rank_eta).
  it('estimates seconds until the answer from the average process time per kind, as Gradio does', async () => {
    let now = 0;
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 10, timeoutMs: 60_000, now: () => now });
    const told = new Map<string, [number, number, number | null][]>();
    const listen = (name: string) => (position: number, size: number, etaS: number | null) =>
      told.set(name, [...(told.get(name) ?? []), [position, size, etaS]]);

    expect(q.averageS('ask')).toBeNull();
    const a = await q.enqueue({ kind: 'ask' }).lease;
    const b = q.enqueue({ kind: 'ask', onPosition: listen('b') });
    // No run of the kind has completed: no estimate yet.
    expect(told.get('b')).toEqual([[1, 1, null]]);
    now = 10_000;
    a.release({ completed: true });
    const leaseB = await b.lease;
    expect(q.averageS('ask')).toBe(10);

    now = 12_000;
    const waiting = [
      q.enqueue({ kind: 'ask', onPosition: listen('c') }),
      q.enqueue({ kind: 'ask', onPosition: listen('d') }),
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
      q.enqueue({ kind: 'native', onPosition: listen('e') }),
      q.enqueue({ kind: 'ask', onPosition: listen('f') }),
    );
    expect(told.get('e')).toEqual([
      [3, 3, null],
      [3, 4, null],
    ]);
    expect(told.get('f')).toEqual([[4, 4, null]]);

    // Failed or cancelled runs do not count.
    now = 40_000;
    leaseB.release();
    expect(q.averageS('ask')).toBe(10);
    q.close();
    await Promise.allSettled(waiting.map((t) => t.lease));
  });
});
