import { describe, expect, it } from 'vitest';
import { serverTimeouts } from './server-timeouts.js';

describe('serverTimeouts', () => {
  it('times headers within the request timeout, as Node requires', () => {
    expect(serverTimeouts(30_000)).toEqual({
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 72_000,
      connectionsCheckingInterval: 1000,
    });
    const short = serverTimeouts(1000);
    expect(short.headersTimeout).toBe(1000);
    // Checked often enough that a 1 s timeout is enforced within a quarter of it.
    expect(short.connectionsCheckingInterval).toBe(250);
  });

  it('keeps timing headers when REQUEST_TIMEOUT_S=0 turns the request timeout off', () => {
    expect(serverTimeouts(0)).toMatchObject({ requestTimeout: 0, headersTimeout: 10_000 });
  });
});
