import { z } from 'zod';
import { getToolbar } from '../../platform/api/toolbars-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { toolbarInput } from './toolbar-inputs.js';
import { summarizeToolbar } from './summarize-toolbar.js';

/** `get_toolbar`: one toolbar with its items. */
export const getToolbarTool = defineTool({
  name: 'get_toolbar',
  group: 'toolbars',
  description:
    'Get one toolbar (RU: панель инструментов) of a record template: its name, where it is the default, and its items in order (button system name, label, icon).',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    toolbar_system_name: toolbarInput,
  }),
  destructive: false,
  readOnly: true,
  run: async (
    { application_system_name, template_system_name, toolbar_system_name },
    { platform, signal },
  ) => {
    const toolbar = await getToolbar(
      platform(),
      { app: application_system_name, template: template_system_name, alias: toolbar_system_name },
      signal,
    );
    return summarizeToolbar(toolbar, { items: true });
  },
});
