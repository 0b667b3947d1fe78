import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { applicationInput, systemNameInput, templateInput } from '../tool-inputs.js';
import { verifyInput } from './form-inputs.js';
import { createFormFromAttributes } from './form-operations.js';

const groupAttribute = z.union([
  systemNameInput('Attribute system name.'),
  z.object({
    system_name: systemNameInput('Attribute system name.'),
    name: z.string().trim().min(1).max(500).optional().describe('Label (default: the attribute name).'),
  }),
]);

/** `create_form_from_attributes`: builds a form showing a template's attributes. */
export const createFormFromAttributesTool = defineTool({
  name: 'create_form_from_attributes',
  group: 'forms',
  description:
    'Build a form (RU: создать форму из атрибутов) that shows the attributes of a record template, in groups (panels): by default every user attribute (not system, not archived), grouped into Main information, Participants, Status and Files; or the groups you give. Replaces the form of that name (default "defaultForm") and checks it shows exactly those attributes; if not, the previous form is restored.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    form_system_name: systemNameInput('Form to create or replace; default "defaultForm".').default(
      'defaultForm',
    ),
    form_name: z.string().trim().min(1).max(256).optional().describe('Display name of the form.'),
    groups: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(256).describe('Group (panel) title.'),
          attributes: z.array(groupAttribute).min(1).max(200).describe('Attributes in this group, in order.'),
        }),
      )
      .min(1)
      .max(50)
      .optional()
      .describe(
        'Groups to build, e.g. [{"title": "Контакты", "attributes": ["Phone", "Email"]}]; default: inferred from the attributes.',
      ),
    verify: verifyInput,
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    return createFormFromAttributes(
      platform(),
      {
        app: input.application_system_name,
        template: input.template_system_name,
        alias: input.form_system_name,
      },
      {
        formName: input.form_name,
        groups: input.groups?.map((g) => ({
          title: g.title,
          attributes: g.attributes.map((a) => (typeof a === 'string' ? { system_name: a } : a)),
        })),
        verify: input.verify,
      },
      signal,
    );
  },
});
