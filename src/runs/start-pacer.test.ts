import { describe, expect, it } from 'vitest';
import { START_SLICE_MS, StartPacer } from './start-pacer.js';

const loopTurn = () => new Promise((r) => setImmediate(r));
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

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

  it('lets starts asked one by one in one loop turn share its slice: once it is spent, the next waits a turn', async () => {
    // As a burst of POSTs read together arrives: each start is asked for after the one before has ended.
    const pacer = new StartPacer();
    const events: string[] = [];
    await pacer.turn().then((end) => {
      busy(START_SLICE_MS + 3);
      events.push('first');
      end();
    });
    setImmediate(() => events.push('other callback'));
    await pacer.turn().then((end) => {
      events.push('second');
      end();
    });
    expect(events).toEqual(['first', 'other callback', 'second']);
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
