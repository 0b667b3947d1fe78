import { z } from 'zod';
import {
  createRecordTemplate,
  findRecordTemplate,
  updateRecordTemplate,
} from '../../platform/api/templates-api.js';
import { PlatformError } from '../../platform/platform-error.js';
import type { TemplateInfo } from '../../platform/schemas/template-info.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, assertNewSystemName, systemNameInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { summarizeTemplate } from './summarize-template.js';

/** `edit_or_create_record_template`: creates a record template (шаблон записи) or edits its name/description. */
export const editOrCreateRecordTemplateTool = defineTool({
  name: 'edit_or_create_record_template',
  group: 'templates',
  description:
    'Create a record template (RU: создать шаблон записи, справочник, сущность) in an application, or edit its name (название) and description (описание). A new template gets the system attributes, default form and default table automatically. On edit, only the given fields change.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit.'),
    system_name: systemNameInput(
      'System name of the template: letters, digits and "_", not starting with a digit, e.g. "Employees".',
    ),
    application_system_name: applicationInput,
    name: z.string().trim().min(1).max(256).optional().describe('Display name. Required for create.'),
    description: z.string().max(4000).optional().describe('Description.'),
  }),
  destructive: false,
  readOnly: false,
  run: async (
    { operation, system_name, application_system_name, name, description },
    { platform, signal },
  ) => {
    const client = platform();
    if (operation === 'create') {
      assertNewSystemName(system_name, 'template');
      if (name === undefined) throw new ToolFailure('To create a template, also give: name.');
      const body: TemplateInfo = {
        globalAlias: { type: 'RecordTemplate', alias: system_name },
        name,
        ...(description !== undefined ? { description } : {}),
      };
      await createRecordTemplate(client, application_system_name, body, signal);
    } else {
      const current = await findRecordTemplate(client, application_system_name, system_name, signal);
      if (!current) throw notFound(application_system_name, system_name);
      const body: TemplateInfo = {
        ...current,
        globalAlias: { type: 'RecordTemplate', alias: system_name },
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
      };
      await updateRecordTemplate(client, application_system_name, body, signal);
    }
    const saved = await findRecordTemplate(client, application_system_name, system_name, signal);
    if (!saved) throw notFound(application_system_name, system_name);
    return { operation: operation === 'create' ? 'created' : 'edited', template: summarizeTemplate(saved) };
  },
});

function notFound(app: string, template: string): PlatformError {
  return new PlatformError(
    'not_found',
    `The application ${app} has no record template ${template}. Call list_templates to see its templates.`,
  );
}
