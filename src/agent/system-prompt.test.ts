import { describe, expect, it } from 'vitest';
import { currentDateContext } from './system-prompt.js';

const expected = (now: Date, timeZone: string) =>
  `<current_date>${new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(now)} (${timeZone}); ISO ${now.toISOString()}</current_date>`;

describe('currentDateContext', () => {
  it('gives the local time of each moment in its time zone, across second boundaries and zones', () => {
    const base = Date.UTC(2026, 11, 5, 17, 59, 59, 998);
    for (const offset of [0, 1, 2, 3, 1001, -1, 86_400_000])
      for (const zone of ['UTC', 'Europe/Moscow', 'America/New_York', 'UTC']) {
        const now = new Date(base + offset);
        expect(currentDateContext(now, zone)).toBe(expected(now, zone));
      }
  });
});
