import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { recordIdInput } from '../records/record-inputs.js';

/** `get_record_url`: the link that opens a record (запись) in the platform UI. */
export const getRecordUrlTool = defineTool({
  name: 'get_record_url',
  group: 'applications',
  description:
    'Get the platform URL (ссылка) that opens a record (запись) by its id, e.g. "486482". No platform call is made.',
  inputSchema: z.object({
    record_id: recordIdInput,
  }),
  destructive: false,
  readOnly: true,
  run: ({ record_id }, { platformBaseUrl }) => ({
    record_id,
    record_url: `${platformBaseUrl()}/#Resolver/${encodeURIComponent(record_id)}`,
  }),
});
