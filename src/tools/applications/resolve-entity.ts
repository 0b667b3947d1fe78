import { z } from 'zod';
import { getRecord } from '../../platform/api/records-api.js';
import { isFatalPlatformError } from '../../platform/platform-error.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { cachedAxioms, describeEntity } from './describe-entity.js';
import { parsePlatformLink } from './entity-ids.js';

/** `resolve_entity`: what a platform link or id points to, in system names. */
export const resolveEntityTool = defineTool({
  name: 'resolve_entity',
  group: 'applications',
  description:
    'Resolve a Comindware Platform link (RU: ссылка) or internal id to system names: e.g. "https://host/#RecordType/oa.3/Operation/event.454", "#Resolver/event.15199", "oa.193" or a record id "486482". Returns each entity found in it — template (шаблон), button (кнопка), form (форма), table, application (приложение), record (запись) — with its type, system name (системное имя), name, template and application. With fetch_full, also returns the raw data (ontology facts, record values).',
  inputSchema: z.object({
    url_or_id: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .describe('A platform URL, a hash route such as "#Resolver/oa.193", or an id.'),
    fetch_full: z.boolean().optional().describe('Also return the raw entity data (default true).'),
  }),
  destructive: false,
  readOnly: true,
  run: async ({ url_or_id, fetch_full }, { platform, signal }) => {
    const full = fetch_full ?? true;
    const link = parsePlatformLink(url_or_id);
    const parsed = compact({
      original: url_or_id,
      page_type: link.pageType,
      entities_found: link.entities.map((e) => ({ type: e.type, id: e.id })),
    });
    if (link.entities.length === 0 && !link.applicationSystemName) {
      if (!url_or_id.includes('#') && !/^[A-Za-z]+\.\d+$/.test(url_or_id)) {
        throw new ToolFailure(
          'No platform link or id found: give a link such as https://host/#RecordType/oa.193 or an id such as "oa.193".',
        );
      }
      return {
        url_parsed: parsed,
        resolved: [],
        note: 'No entity ids in this link; it may be a settings or start page.',
      };
    }

    const client = platform();
    const read = cachedAxioms(client, signal);
    const resolved: Record<string, unknown>[] = [];
    for (const entity of link.entities) {
      try {
        if (entity.type === 'Record') {
          const values = full ? await getRecord(client, entity.id, signal) : undefined;
          resolved.push(
            compact({
              entity_type: 'Record',
              internal_id: entity.id,
              url: client.entityUrl(entity.id),
              application_system_name: link.applicationSystemName,
              template_system_name: link.templateSystemName,
              full_data: values,
            }),
          );
          continue;
        }
        if (entity.type === 'Task') {
          resolved.push({ entity_type: 'Task', internal_id: entity.id, url: client.entityUrl(entity.id) });
          continue;
        }
        const described = await describeEntity(read, entity.id);
        if (!described) {
          resolved.push({
            entity_type: entity.type,
            internal_id: entity.id,
            note: 'The platform does not know this id.',
          });
          continue;
        }
        resolved.push(
          compact({
            entity_type: described.type,
            internal_id: entity.id,
            system_name: described.systemName,
            name: described.name,
            template_system_name: described.template,
            application_system_name: described.application,
            application_name: described.applicationName,
            url: client.entityUrl(entity.id),
            full_data: full ? await read(entity.id) : undefined,
          }),
        );
      } catch (error) {
        if (isFatalPlatformError(error)) throw error;
        resolved.push({
          entity_type: entity.type,
          internal_id: entity.id,
          note: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return compact({
      url_parsed: parsed,
      application_system_name: link.applicationSystemName,
      template_system_name: link.templateSystemName,
      resolved,
    });
  },
});
