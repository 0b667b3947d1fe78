import { describe, expect, it } from 'vitest';
import { callTool, testContext } from '../../test/platform/call-tool.js';

describe('get_current_datetime', () => {
  it('answers the time in the asked zone', async () => {
    const result = await callTool(testContext(), 'get_current_datetime', { timezone: 'Europe/Moscow' });
    expect(result).toEqual({
      success: true,
      status: 200,
      data: {
        timezone: 'Europe/Moscow',
        local: '2025-10-03T11:44:21+03:00',
        utc: '2025-10-03T08:44:21.000Z',
        weekday: 'Friday',
        unix: 1759481061,
      },
    });
  });

  it('answers an unknown zone with a 400 result', async () => {
    expect(await callTool(testContext(), 'get_current_datetime', { timezone: 'Mars/Olympus' })).toMatchObject(
      {
        success: false,
        status: 400,
      },
    );
  });
});
