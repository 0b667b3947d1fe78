import { describe, expect, it } from 'vitest';
import { START_SLICE_MS, StartPacer } from './start-pacer.js';

const loopTurn = () => new Promise((r) => setImmediate(r));

describe('StartPacer', () => {
  it('gives the turn to one start at a time, in order, each until it ends its turn', async () => {
    const pacer = new StartPacer();
    const events: string[] = [];
    const ends: (() => void)[] = [];
    const starts = [1, 2, 3].map((n) =>
      pacer.turn().then((end) => {
        events.push(`start ${n}`);
        ends.push(end);
      }),
    );
    expect(pacer.waiting).toBe(3);
    await loopTurn();
    expect(events).toEqual(['start 1']);
    await loopTurn();
    expect(events).toEqual(['start 1']); // 1 holds the turn
    ends[0]!();
    ends[0]!(); // ending twice changes nothing
    await Promise.resolve();
    expect(events).toEqual(['start 1', 'start 2']); // the slice lasts: at once
    ends[1]!();
    await starts[2];
    expect(events).toEqual(['start 1', 'start 2', 'start 3']);
    ends[2]!();
    expect(pacer.waiting).toBe(0);
  });

  it('lets the loop turn once a slice is used up', async () => {
    const pacer = new StartPacer();
    const events: string[] = [];
    const slow = pacer.turn().then((end) => {
      const until = performance.now() + START_SLICE_MS + 5; // start-up work longer than a slice
      while (performance.now() < until);
      events.push('slow');
      setImmediate(() => events.push('other callback'));
      end();
    });
    const next = pacer.turn().then((end) => {
      events.push('next');
      end();
    });
    await Promise.all([slow, next]);
    expect(events).toEqual(['slow', 'other callback', 'next']);
  });

  it('lets a lone start go on in the same loop turn, before any other callback', async () => {
    const pacer = new StartPacer();
    const events: string[] = [];
    setImmediate(() => events.push('other callback'));
    void pacer.turn().then((end) => {
      events.push('start');
      end();
    });
    await loopTurn();
    expect(events).toEqual(['start', 'other callback']);
  });
});
