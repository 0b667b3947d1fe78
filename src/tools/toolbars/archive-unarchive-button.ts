import { z } from 'zod';
import { getButton, setButtonArchived } from '../../platform/api/buttons-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { buttonInput } from './toolbar-inputs.js';

/** `archive_unarchive_button`: archives (в архив) or restores a button. Destructive. */
export const archiveUnarchiveButtonTool = defineTool({
  name: 'archive_unarchive_button',
  group: 'toolbars',
  description:
    'Archive (RU: архивировать, в архив) or unarchive (разархивировать, восстановить) a button of a record template. An archived button disappears from toolbars and forms. Ask the user to confirm first.',
  inputSchema: z.object({
    operation: z.enum(['archive', 'unarchive']).describe('archive or unarchive.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    button_system_name: buttonInput,
  }),
  destructive: true,
  idempotent: true,
  readOnly: false,
  run: async (
    { operation, application_system_name, template_system_name, button_system_name },
    { platform, signal },
  ) => {
    const client = platform();
    const at = { app: application_system_name, template: template_system_name, alias: button_system_name };
    await setButtonArchived(client, at, operation === 'archive', signal);
    const after = await getButton(client, at, signal);
    return {
      button: button_system_name,
      template: template_system_name,
      archived: after.isDisabled === true,
    };
  },
});
