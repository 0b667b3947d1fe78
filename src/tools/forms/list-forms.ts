import { z } from 'zod';
import { listForms } from '../../platform/api/forms-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { summarizeForm } from './summarize-form.js';

/** `list_forms`: the forms (формы) of a template. */
export const listFormsTool = defineTool({
  name: 'list_forms',
  group: 'forms',
  description:
    'List the forms (RU: формы) of a record template: system names, names, types, sizes, which is the default, and how many fields each shows. Use get_form for the fields and layout of one form.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name }, { platform, signal }) => {
    const forms = await listForms(platform(), application_system_name, template_system_name, signal);
    return forms.map((f) => {
      const { template: _template, ...rest } = summarizeForm(f, { root: false });
      return rest;
    });
  },
});
