import { z } from 'zod';
import { getAttribute, setAttributeArchived } from '../../platform/api/attributes-api.js';
import { defineTool } from '../define-tool.js';
import { attributeAddressShape } from './attribute-address.js';

/** `archive_or_unarchive_attribute`: archives (в архив) or restores an attribute. Destructive. */
export const archiveOrUnarchiveAttributeTool = defineTool({
  name: 'archive_or_unarchive_attribute',
  group: 'attributes',
  description:
    'Archive (RU: архивировать, в архив) or unarchive (разархивировать, восстановить) an attribute of a record template. An archived attribute is hidden from forms and lists but keeps its data. Ask the user to confirm first.',
  inputSchema: z.object({
    operation: z.enum(['archive', 'unarchive']).describe('archive or unarchive.'),
    ...attributeAddressShape,
  }),
  destructive: true,
  idempotent: true,
  readOnly: false,
  run: async (
    { operation, application_system_name, template_system_name, system_name },
    { platform, signal },
  ) => {
    const client = platform();
    const archive = operation === 'archive';
    await setAttributeArchived(
      client,
      application_system_name,
      template_system_name,
      system_name,
      archive,
      signal,
    );
    const after = await getAttribute(
      client,
      application_system_name,
      template_system_name,
      system_name,
      signal,
    );
    return { attribute: system_name, template: template_system_name, archived: after.isDisabled === true };
  },
});
