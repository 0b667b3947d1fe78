import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameThrottle } from './frame-throttle.js';

describe('FrameThrottle', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('sends the first change at once, then at most once per interval, with a trailing send', () => {
    const sent: number[] = [];
    let state = 0;
    const throttle = new FrameThrottle(10, () => {
      sent.push(state);
      return true;
    });
    state = 1;
    throttle.request();
    expect(sent).toEqual([1]);
    state = 2;
    throttle.request();
    state = 3;
    throttle.request();
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    // The latest state before the pause went out, once.
    expect(sent).toEqual([1, 3]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 3]);
  });

  it('drops a pending send on cancel', () => {
    const send = vi.fn(() => true);
    const throttle = new FrameThrottle(10, send);
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(500);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('does not restart the interval when there was nothing to send', () => {
    const results = [false, true];
    const send = vi.fn(() => results.shift() ?? true);
    const throttle = new FrameThrottle(10, send);
    throttle.request();
    throttle.request();
    // The first call sent nothing, so the second goes out at once rather than after 100 ms.
    expect(send).toHaveBeenCalledTimes(2);
  });
});
