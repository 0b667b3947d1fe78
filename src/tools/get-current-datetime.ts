import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { ToolFailure } from './tool-failure.js';

const inputSchema = z.object({
  timezone: z
    .string()
    .max(64)
    .optional()
    .describe('IANA time zone, e.g. "Europe/Moscow" or "UTC". Defaults to the server time zone.'),
});

/** `get_current_datetime`: the current date and time, in a time zone (текущие дата и время). */
export const getCurrentDatetimeTool = defineTool({
  name: 'get_current_datetime',
  group: 'utility',
  description:
    'Get the current date and time (текущие дата и время), optionally in a given IANA time zone. Use it for anything relative to today.',
  inputSchema,
  destructive: false,
  readOnly: true,
  run: ({ timezone }, { ctx }) => {
    const zone = timezone ?? ctx.timezone;
    const now = ctx.now();
    let parts: Intl.DateTimeFormatPart[];
    try {
      parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        weekday: 'long',
        hourCycle: 'h23',
        timeZoneName: 'longOffset',
      }).formatToParts(now);
    } catch {
      throw new ToolFailure(`Unknown time zone "${zone}". Use an IANA name such as Europe/Moscow.`);
    }
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const offset = get('timeZoneName').replace('GMT', '') || '+00:00';
    const local = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
    return {
      timezone: zone,
      local,
      utc: now.toISOString(),
      weekday: get('weekday'),
      unix: Math.floor(now.getTime() / 1000),
    };
  },
});
