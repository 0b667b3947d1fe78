import { z } from 'zod';
import { listAttributes } from '../../platform/api/attributes-api.js';
import { summarizeAttribute } from '../attributes/summarize-attribute.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';

/** `list_attributes`: the attributes (атрибуты) of a record template. */
export const listAttributesTool = defineTool({
  name: 'list_attributes',
  group: 'templates',
  description:
    'List the attributes (RU: атрибуты, поля) of a record template, user and system ones, with system names, names, types (тип данных) and display formats. Flags that are false are left out (isDisabled = archived, isSystem = system attribute). Use get_attribute for every setting of one attribute.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name }, { platform, signal }) => {
    const list = await listAttributes(platform(), application_system_name, template_system_name, signal);
    const attributes = list.map((a) => {
      const { template: _template, ...rest } = summarizeAttribute(a, { full: false });
      return rest;
    });
    return {
      application: application_system_name,
      template: template_system_name,
      count: attributes.length,
      attributes,
    };
  },
});
