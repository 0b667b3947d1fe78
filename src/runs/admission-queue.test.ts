import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { AdmissionQueue } from './admission-queue.js';

// The behaviour both queues share is proven by admission-conformance.test.ts; here only what the in-process queue
// promises beyond it: it answers synchronously, so a POST can refuse before any run exists.
describe('AdmissionQueue (in-process only)', () => {
  it('refuses with QUEUE_FULL synchronously', async () => {
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

  it('tells positions and counts synchronously, and close() refuses synchronously', async () => {
    const q = new AdmissionQueue({ concurrency: 1, maxSize: 5, timeoutMs: 1000 });
    const held = await q.enqueue({}).lease;
    const seen: string[] = [];
    const t = q.enqueue({ onPosition: (p, size) => seen.push(`${p}/${size}`) });
    expect(seen).toEqual(['1/1']);
    expect([q.running, q.waiting]).toEqual([1, 1]);
    expect(q.counts()).toEqual({ running: 1, waiting: 1 });
    q.close();
    expect(() => q.enqueue({})).toThrow(/shutting down/);
    await expect(t.lease).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    held.release();
  });
});
