import { z } from 'zod';
import { listButtons } from '../../platform/api/buttons-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { summarizeButton } from './summarize-toolbar.js';

/** `list_buttons`: the buttons (кнопки) of a template. */
export const listButtonsTool = defineTool({
  name: 'list_buttons',
  group: 'toolbars',
  description:
    'List the buttons (RU: кнопки, действия, операции) of a record template, system ones (create, edit, archive, delete, unarchive) included: system names, names, kinds, contexts, and whether each is archived (isDisabled). Use get_button for every setting of one.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name }, { platform, signal }) => {
    const buttons = await listButtons(platform(), application_system_name, template_system_name, signal);
    return buttons.map((b) => summarizeButton(b, { full: false }));
  },
});
