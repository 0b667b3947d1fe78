import { describe, expect, it } from 'vitest';
import { CallHealth } from './call-health.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('CallHealth', () => {
  it('reports the provider down after N failures in a row, with the latest reason', () => {
    const c = clock();
    const h = new CallHealth({ failures: 3, windowMs: 60_000, now: c.now });
    expect(h.downReason).toBeUndefined();
    h.failed('first.');
    h.failed('second.');
    expect(h.downReason).toBeUndefined();
    h.failed('connection refused at http://127.0.0.1:1/v1.');
    expect(h.downReason).toBe(
      'The last 3 LLM calls failed; the latest: connection refused at http://127.0.0.1:1/v1.',
    );
  });

  it('one success clears it', () => {
    const h = new CallHealth({ failures: 2 });
    h.failed('a.');
    h.failed('b.');
    expect(h.downReason).toBeDefined();
    h.succeeded();
    expect(h.downReason).toBeUndefined();
    h.failed('c.');
    expect(h.downReason).toBeUndefined();
  });

  it('a success between failures breaks the run', () => {
    const h = new CallHealth({ failures: 3 });
    h.failed('a.');
    h.failed('b.');
    h.succeeded();
    h.failed('c.');
    h.failed('d.');
    expect(h.downReason).toBeUndefined();
  });

  it('failures older than the window no longer count', () => {
    const c = clock();
    const h = new CallHealth({ failures: 2, windowMs: 60_000, now: c.now });
    h.failed('a.');
    c.advance(30_000);
    h.failed('b.');
    expect(h.downReason).toBeDefined();
    c.advance(31_000); // the first failure is now 61 s old
    expect(h.downReason).toBeUndefined();
    h.failed('c.'); // the last two (b, c) lie within the window again
    expect(h.downReason).toMatch(/latest: c\./);
  });
});
