import { describe, expect, it } from 'vitest';
import { i18nFor } from '../i18n/i18n-context.js';
import { queueStatus } from './queue-status.js';

describe('queueStatus', () => {
  it('shows the position, and the estimate in whole seconds once the server has one', () => {
    const { t, fmt } = i18nFor('en');
    expect(queueStatus({ position: 2, size: 3, etaS: null }, t, fmt)).toBe(
      'Waiting in the queue: position 2 of 3',
    );
    expect(queueStatus({ position: 2, size: 3, etaS: 19.6 }, t, fmt)).toBe(
      'Waiting in the queue: position 2 of 3 · about 20 sec',
    );
    expect(queueStatus({ position: 1, size: 1, etaS: 0.2 }, t, fmt)).toMatch(/about 1 sec$/);
    expect(queueStatus({ position: 1, size: 1, etaS: 125 }, t, fmt)).toMatch(/about 2 min 5 sec$/);
  });

  it('speaks Russian', () => {
    const { t, fmt } = i18nFor('ru');
    expect(queueStatus({ position: 1, size: 2, etaS: 20 }, t, fmt)).toBe(
      'Ожидание в очереди: позиция 1 из 2 · примерно 20 с',
    );
  });
});
