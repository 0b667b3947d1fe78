import { z } from 'zod';
import { getForm } from '../../platform/api/forms-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { formInput } from './form-inputs.js';
import { summarizeForm } from './summarize-form.js';

/** `get_form`: one form (форма) with its fields and layout. */
export const getFormTool = defineTool({
  name: 'get_form',
  group: 'forms',
  description:
    'Get one form (RU: форма) of a record template: its settings, the fields it shows (attribute, label, access) and the full component tree (root: groups/panels, rows, fields) to edit with edit_or_create_form replace_root.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    form_system_name: formInput,
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 20_000,
  run: async ({ application_system_name, template_system_name, form_system_name }, { platform, signal }) => {
    const form = await getForm(
      platform(),
      { app: application_system_name, template: template_system_name, alias: form_system_name },
      signal,
    );
    return summarizeForm(form, { root: true });
  },
});
