import { describe, expect, it } from 'vitest';
import { shutdownMessage } from './shutdown-message.js';

describe('shutdownMessage', () => {
  it('says what shutdown waits for, and how to stop waiting', () => {
    expect(shutdownMessage(2, 10_000)).toBe(
      'Shutting down: waiting for 2 runs to finish (up to 10 s); press Ctrl-C again to exit now.',
    );
    expect(shutdownMessage(1, 1500)).toBe(
      'Shutting down: waiting for 1 run to finish (up to 1.5 s); press Ctrl-C again to exit now.',
    );
  });

  it('does not speak of waiting when there is nothing to wait for', () => {
    expect(shutdownMessage(0, 10_000)).toBe('Shutting down; press Ctrl-C again to exit now.');
    expect(shutdownMessage(3, 0)).toBe('Shutting down; press Ctrl-C again to exit now.');
  });
});
