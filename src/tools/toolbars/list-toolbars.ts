import { z } from 'zod';
import { listToolbars } from '../../platform/api/toolbars-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { summarizeToolbar } from './summarize-toolbar.js';

/** `list_toolbars`: the toolbars (панели инструментов) of a template. */
export const listToolbarsTool = defineTool({
  name: 'list_toolbars',
  group: 'toolbars',
  description:
    'List the toolbars (RU: панели инструментов, тулбары) of a record template: system names, names, where each is the default (forms, lists, task lists) and how many items (buttons) it has. Use get_toolbar for the items.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name }, { platform, signal }) => {
    const toolbars = await listToolbars(platform(), application_system_name, template_system_name, signal);
    return toolbars.map((t) => summarizeToolbar(t, { items: false }));
  },
});
