import { z } from 'zod';
import { listAttributes } from '../../platform/api/attributes-api.js';
import { createRecord, getPropertyValues, updateRecord } from '../../platform/api/records-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { coerceRecordValues } from './coerce-record-values.js';
import { recordIdInput } from './record-inputs.js';

/** `create_edit_record`: creates a record (запись) or changes some of its values. */
export const createEditRecordTool = defineTool({
  name: 'create_edit_record',
  group: 'records',
  description:
    'Create a record (RU: создать запись) in a record template, or edit (редактировать) some values of an existing one. values maps attribute system names to values: text, numbers, true/false, ISO dates ("2025-10-03" or "2025-10-03T08:44:21Z"), ids for record links, accounts ("account.1"), roles, enum values ("vv.40" or the value\'s system name) and files, lists for multi-value attributes. On edit only the given attributes change; null or "" clears one. System attributes (except _color) and calculated ones are skipped. Answers the record id, its link and the stored values.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit a record.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    values: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        'Attribute system name → value, e.g. {"FullName": "Иванов Иван", "Salary": 120000, "HireDate": "2021-03-15", "Department": "1002"}.',
      ),
    record_id: recordIdInput.optional().describe('Id of the record to edit; required for edit.'),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    const client = platform();
    const app = input.application_system_name;
    const template = input.template_system_name;
    if (input.operation === 'edit' && input.record_id === undefined)
      throw new ToolFailure('To edit a record, also give record_id (list_template_records shows the ids).');
    const attributes = await listAttributes(client, app, template, signal);
    const { body, skipped } = coerceRecordValues(input.values, attributes, input.operation);

    let recordId: string;
    if (input.operation === 'create') {
      const created = await createRecord(client, app, template, body, signal);
      if (!created) throw new ToolFailure('The platform created the record but did not answer its id.', 502);
      recordId = created;
    } else {
      recordId = input.record_id!;
      if (Object.keys(body).length === 0)
        throw new ToolFailure('Nothing to change: give at least one attribute in values.');
      await updateRecord(client, recordId, body, signal);
    }

    const aliases = Object.keys(body);
    const stored =
      aliases.length > 0
        ? ((await getPropertyValues(client, [recordId], aliases, signal))[recordId] ?? {})
        : {};
    const { id: _id, ...values } = stored;
    // The platform answers success even when it ignores a value (e.g. a record of another template).
    const notStored = aliases.filter((alias) => body[alias] !== null && values[alias] === undefined);
    return {
      operation: input.operation === 'create' ? 'created' : 'edited',
      record_id: recordId,
      record_url: client.entityUrl(recordId),
      values,
      ...(skipped.length > 0 ? { skipped } : {}),
      ...(notStored.length > 0
        ? {
            warning: `The platform did not store ${notStored.join(', ')}. Check that record ${recordId} belongs to template ${template} (list_template_records).`,
          }
        : {}),
    };
  },
});
