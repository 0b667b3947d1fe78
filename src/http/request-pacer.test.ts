import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installRequestPacer, RequestPacer } from './request-pacer.js';

const loopTurn = () => new Promise((r) => setImmediate(r));
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('RequestPacer', () => {
  it('lets a request go on at once when nothing waits', () => {
    const pacer = new RequestPacer(5);
    let went = false;
    pacer.admit(() => (went = true));
    expect(went).toBe(true);
  });

  it('holds requests once the loop turn has spent its slice, and lets them go one a loop turn, in order', async () => {
    const pacer = new RequestPacer(5);
    const events: string[] = [];
    // Due before the first request's handling is over: it fires at the loop's next timers phase.
    setTimeout(() => events.push('timer'), 0);
    // As Node runs the handlers of requests read together: one after another, in one stretch of the loop.
    pacer.admit(() => {
      events.push('first');
      busy(8);
    });
    for (const name of ['second', 'third']) pacer.admit(() => events.push(name));
    expect(events).toEqual(['first']);
    expect(pacer.waiting).toBe(2);
    await loopTurn();
    expect(events).toContain('second');
    expect(events).not.toContain('third');
    await new Promise((r) => setTimeout(r, 5));
    expect(events.filter((e) => e !== 'timer')).toEqual(['first', 'second', 'third']);
    // The loop turned between the held ones: its timers fired before the last went on.
    expect(events.indexOf('timer')).toBeLessThan(events.indexOf('third'));
    expect(pacer.waiting).toBe(0);
  });

  it('queues a request behind those already waiting, even with slice left', async () => {
    const pacer = new RequestPacer(5);
    const events: string[] = [];
    pacer.admit(() => busy(8));
    pacer.admit(() => events.push('one'));
    pacer.admit(() => events.push('two'));
    await loopTurn();
    expect(events).toEqual(['one']);
    // A new loop turn with its slice unspent, but 'two' still waits: 'later' goes after it.
    pacer.admit(() => events.push('later'));
    expect(events).toEqual(['one']);
    await loopTurn();
    await loopTurn();
    expect(events).toEqual(['one', 'two', 'later']);
  });
});

describe('installRequestPacer', () => {
  it('answers the probes at once while other requests wait', async () => {
    const app = Fastify();
    const pacer = new RequestPacer(5);
    installRequestPacer(app, pacer);
    app.get('/healthz', () => ({ ok: true }));
    app.get('/work', () => ({ done: true }));
    await app.ready();
    // A burst being served: this loop turn's slice is spent and a request waits.
    pacer.admit(() => busy(8));
    pacer.admit(() => undefined);
    const order: string[] = [];
    const work = app.inject('/work').then((r) => order.push(`work ${r.statusCode}`));
    const health = app.inject('/healthz').then((r) => order.push(`healthz ${r.statusCode}`));
    await Promise.all([work, health]);
    expect(order).toEqual(['healthz 200', 'work 200']);
    await app.close();
  });
});
