import { describe, expect, it } from 'vitest';
import { StartPacer } from './start-pacer.js';

describe('StartPacer', () => {
  it('lets starts go one a loop turn, in order', async () => {
    const pacer = new StartPacer();
    const started: number[] = [];
    const starts = [1, 2, 3].map((n) => pacer.turn().then(() => started.push(n)));
    expect(pacer.waiting).toBe(3);
    const turn = () => new Promise((r) => setImmediate(r));
    await turn();
    expect(started).toEqual([1]);
    await turn();
    expect(started).toEqual([1, 2]);
    await Promise.all(starts);
    expect(started).toEqual([1, 2, 3]);
    expect(pacer.waiting).toBe(0);
  });

  it('lets a lone start go on in the same turn', async () => {
    const pacer = new StartPacer();
    let started = false;
    void pacer.turn().then(() => (started = true));
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(true);
  });
});
