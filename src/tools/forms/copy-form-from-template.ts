import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { systemNameInput } from '../tool-inputs.js';
import { verifyInput } from './form-inputs.js';
import { copyForm } from './form-operations.js';

/** `copy_form_from_template`: copies a form's layout to another template. */
export const copyFormFromTemplateTool = defineTool({
  name: 'copy_form_from_template',
  group: 'forms',
  description:
    'Copy a form (RU: скопировать форму) from one template to another, in the same or another application: fields and layout are rewritten to point at the target template\'s attributes, which must exist there (replace_tokens maps names that differ). The copy replaces the target form (default "defaultForm"); if saving fails the previous target form is restored.',
  inputSchema: z.object({
    source_application_system_name: systemNameInput('Application of the source form.'),
    source_template_system_name: systemNameInput('Template of the source form.'),
    target_application_system_name: systemNameInput('Application to copy to.'),
    target_template_system_name: systemNameInput('Template to copy to.'),
    source_form_system_name: systemNameInput('Form to copy; default "defaultForm".').default('defaultForm'),
    target_form_system_name: systemNameInput('Form to write; default "defaultForm".').default('defaultForm'),
    replace_tokens: z
      .record(z.string().min(1).max(200), z.string().max(200))
      .optional()
      .describe(
        'System names to rename inside the copy (attribute, form or template names that differ in the target), e.g. {"BusinessName": "CompanyName"}.',
      ),
    verify: verifyInput,
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    return copyForm(
      platform(),
      {
        source: {
          app: input.source_application_system_name,
          template: input.source_template_system_name,
          alias: input.source_form_system_name,
        },
        target: {
          app: input.target_application_system_name,
          template: input.target_template_system_name,
          alias: input.target_form_system_name,
        },
        replaceTokens: input.replace_tokens,
        verify: input.verify,
      },
      signal,
    );
  },
});
