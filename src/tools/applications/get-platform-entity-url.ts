import { z } from 'zod';
import { listTemplateService, type TemplateServiceType } from '../../platform/api/ontology-api.js';
import { isFatalPlatformError, PlatformError } from '../../platform/platform-error.js';
import type { TemplateServiceItem } from '../../platform/schemas/ontology.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { systemNameInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { cachedAxioms, describeEntity } from './describe-entity.js';

const TEMPLATE_SERVICE_TYPES: readonly TemplateServiceType[] = [
  'Record',
  'Role',
  'Process',
  'OrgStructure',
  'Undefined',
];
const TYPE_NAMES: Record<string, string> = {
  Record: 'RecordTemplate',
  Role: 'RoleTemplate',
  Process: 'ProcessTemplate',
  OrgStructure: 'OrgStructureTemplate',
  Undefined: 'Template',
};

/** `get_platform_entity_url`: the `#Resolver` link of an entity, by id or by system name. */
export const getPlatformEntityUrlTool = defineTool({
  name: 'get_platform_entity_url',
  group: 'applications',
  description:
    'Get the platform URL (RU: ссылка) of an entity — template, button, form, table, role, application — by its internal id (e.g. "oa.193", "event.15199", "sln.13") or by its system name (системное имя) looked up across applications (optionally in one application). Also returns its type, name, owning template and application. With both id and system name, checks that they match.',
  inputSchema: z.object({
    entity_id: z
      .string()
      .trim()
      .max(64)
      .regex(/^[A-Za-z]+\.\d+$/, 'an entity id looks like "oa.193"')
      .optional()
      .describe('Internal id of the entity, e.g. "oa.193".'),
    system_name: systemNameInput('System name of the entity to look up.').optional(),
    application: systemNameInput(
      'System name of the application to limit a system_name lookup to.',
    ).optional(),
  }),
  destructive: false,
  readOnly: true,
  run: async ({ entity_id, system_name, application }, { platform, signal }) => {
    if (!entity_id && !system_name) throw new ToolFailure('Give entity_id, system_name, or both.');
    const client = platform();

    if (entity_id) {
      const entity = await describeEntity(cachedAxioms(client, signal), entity_id);
      if (!entity) {
        throw new PlatformError('not_found', `The platform knows no entity with the id ${entity_id}.`);
      }
      if (system_name && entity.systemName !== system_name) {
        throw new ToolFailure(
          `The id ${entity_id} belongs to "${entity.systemName ?? '(no system name)'}", not "${system_name}".`,
          409,
        );
      }
      return compact({
        entity_id,
        entity_url: client.entityUrl(entity_id),
        entity_type: entity.type,
        system_name: entity.systemName,
        name: entity.name,
        parent_system_name: entity.template,
        application: entity.application,
      });
    }

    const name = system_name ?? '';
    const matches: Record<string, unknown>[] = [];
    const errors: string[] = [];
    for (const type of TEMPLATE_SERVICE_TYPES) {
      let items: TemplateServiceItem[];
      try {
        items = await listTemplateService(client, type, signal);
      } catch (error) {
        // One kind failing (e.g. not supported) should not hide the others; a global failure should.
        if (isFatalPlatformError(error)) throw error;
        errors.push(`${type}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      for (const item of items) {
        if (item.alias !== name || !item.id) continue;
        if (application && item.solutionAlias !== application) continue;
        if (matches.some((m) => m.entity_id === item.id)) continue;
        matches.push(
          compact({
            entity_id: item.id,
            entity_url: client.entityUrl(item.id),
            entity_type: TYPE_NAMES[item.type ?? type] ?? item.type ?? TYPE_NAMES[type],
            system_name: item.alias,
            name: item.name,
            application: item.solutionAlias,
            application_name: item.solutionName,
          }),
        );
      }
    }
    return compact({
      system_name: name,
      application,
      matches,
      note:
        matches.length === 0
          ? 'No template, role or application has this system name. Buttons, forms and tables are found by id only.'
          : undefined,
      errors: errors.length > 0 ? errors : undefined,
    });
  },
});
