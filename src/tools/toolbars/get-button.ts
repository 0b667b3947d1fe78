import { z } from 'zod';
import { getButton } from '../../platform/api/buttons-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { buttonInput } from './toolbar-inputs.js';
import { summarizeButton } from './summarize-toolbar.js';

/** `get_button`: one button with all its settings. */
export const getButtonTool = defineTool({
  name: 'get_button',
  group: 'toolbars',
  description:
    'Get one button (RU: кнопка) of a record template with all its settings: kind (вид действия), context, multiplicity, result type, navigation, confirmation, linked template and the form a Create button opens; isDisabled = archived.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    button_system_name: buttonInput,
  }),
  destructive: false,
  readOnly: true,
  run: async (
    { application_system_name, template_system_name, button_system_name },
    { platform, signal },
  ) => {
    const button = await getButton(
      platform(),
      { app: application_system_name, template: template_system_name, alias: button_system_name },
      signal,
    );
    return summarizeButton(button, { full: true });
  },
});
