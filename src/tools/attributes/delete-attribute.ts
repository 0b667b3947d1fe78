import { deleteAttribute, listAttributes } from '../../platform/api/attributes-api.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { attributeAddressSchema } from './attribute-address.js';

/** `delete_attribute`: deletes an attribute (удалить атрибут) and every value stored in it. Destructive. */
export const deleteAttributeTool = defineTool({
  name: 'delete_attribute',
  group: 'attributes',
  description:
    'Delete an attribute (RU: удалить атрибут) from a record template, with every value stored in it in all records. This cannot be undone; archiving (archive_or_unarchive_attribute) keeps the data. Ask the user to confirm first.',
  inputSchema: attributeAddressSchema,
  destructive: true,
  idempotent: true,
  readOnly: false,
  run: async ({ application_system_name, template_system_name, system_name }, { platform, signal }) => {
    const client = platform();
    await deleteAttribute(client, application_system_name, template_system_name, system_name, signal);
    // A DELETE can answer success and leave the attribute in place: check.
    const left = await listAttributes(client, application_system_name, template_system_name, signal);
    if (left.some((a) => a.globalAlias?.alias === system_name)) {
      throw new ToolFailure(
        `The platform accepted the deletion but the attribute ${system_name} is still there.`,
        502,
      );
    }
    return { deleted: system_name, template: template_system_name, application: application_system_name };
  },
});
