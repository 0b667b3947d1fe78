import { z } from 'zod';
import { getPropertyValues } from '../../platform/api/records-api.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { recordIdInput } from './record-inputs.js';

/** `get_record_values`: the current values of some attributes of one or more records. */
export const getRecordValuesTool = defineTool({
  name: 'get_record_values',
  group: 'records',
  description:
    'Read the current values (RU: значения атрибутов записи) of some attributes of a record by its id — or of several records with record_ids. Give the exact attribute system names (list_attributes shows them); attributes without a value are left out. Links, accounts, enum values and files come back as ids.',
  inputSchema: z.object({
    record_id: recordIdInput.optional().describe('Id of the record to read, e.g. "486482".'),
    record_ids: z
      .array(recordIdInput)
      .min(1)
      .max(100)
      .optional()
      .describe('Ids of several records to read at once (instead of record_id).'),
    attribute_system_names: z
      .array(z.string().trim().min(1).max(128))
      .min(1)
      .max(200)
      .describe('Attribute system names to read, at least one, e.g. ["FullName", "Status"].'),
  }),
  destructive: false,
  readOnly: true,
  run: async ({ record_id, record_ids, attribute_system_names }, { platform, signal }) => {
    const ids = [...new Set([...(record_id !== undefined ? [record_id] : []), ...(record_ids ?? [])])];
    if (ids.length === 0) throw new ToolFailure('Give record_id (or record_ids): which record to read.');
    const values = await getPropertyValues(platform(), ids, attribute_system_names, signal);
    const missing = ids.filter((id) => values[id] === undefined);
    if (ids.length === 1 && missing.length === 1)
      throw new ToolFailure(`The platform has no record ${ids[0]}.`, 404);
    const records = ids
      .filter((id) => values[id] !== undefined)
      .map((id) => {
        const { id: _id, ...rest } = values[id]!;
        return { record_id: id, values: rest };
      });
    return { records, ...(missing.length > 0 ? { not_found: missing } : {}) };
  },
});
