import { getAttribute } from '../../platform/api/attributes-api.js';
import { defineTool } from '../define-tool.js';
import { attributeAddressSchema } from './attribute-address.js';
import { summarizeAttribute } from './summarize-attribute.js';

/** `get_attribute`: one attribute (атрибут) with all its settings. */
export const getAttributeTool = defineTool({
  name: 'get_attribute',
  group: 'attributes',
  description:
    'Get one attribute (RU: атрибут) of a record template with all its settings: type (тип), display format (формат отображения), flags (isDisabled = archived/в архиве, isUnique = unique values, isTitle = record title, isIndexed = used in search, isTracked = changes logged, isCalculated + expression), linked template, enum values.',
  inputSchema: attributeAddressSchema,
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name, system_name }, { platform, signal }) => {
    const model = await getAttribute(
      platform(),
      application_system_name,
      template_system_name,
      system_name,
      signal,
    );
    return summarizeAttribute(model, { full: true });
  },
});
