import { z } from 'zod';
import { listTemplates, type TemplateRoute } from '../../platform/api/templates-api.js';
import { defineTool } from '../define-tool.js';
import { summarizeTemplate } from '../templates/summarize-template.js';
import { applicationInput } from '../tool-inputs.js';

const ROUTES: Record<'record' | 'process' | 'account', TemplateRoute> = {
  record: 'RecordTemplate',
  process: 'ProcessTemplate',
  account: 'AccountTemplate',
};

/** `list_templates`: the record, process or account templates (шаблоны) of an application. */
export const listTemplatesTool = defineTool({
  name: 'list_templates',
  group: 'applications',
  description:
    'List the templates of an application (RU: шаблоны): record templates (шаблоны записей) by default, or process templates (шаблоны процессов) or account templates (шаблоны аккаунтов). Returns system names (alias), names, descriptions and whether each is archived (isDisabled).',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_type: z
      .enum(['record', 'process', 'account'])
      .optional()
      .describe('Template type: record (default), process or account.'),
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_type }, { platform, signal }) => {
    const list = await listTemplates(
      platform(),
      ROUTES[template_type ?? 'record'],
      application_system_name,
      signal,
    );
    return list.map(summarizeTemplate);
  },
});
