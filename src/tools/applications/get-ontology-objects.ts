import { z } from 'zod';
import { getAxiomsByPredicate, getWithMultipleValues } from '../../platform/api/ontology-api.js';
import { isFatalPlatformError } from '../../platform/platform-error.js';
import { defineTool } from '../define-tool.js';
import { applicationInput } from '../tool-inputs.js';

/** The ontology predicate holding each object type's system name (platform-api.md §3.11). */
const ALIAS_PREDICATES = {
  RecordTemplate: 'cmw.container.alias',
  AccountTemplate: 'cmw.container.alias',
  ProcessTemplate: 'cmw.container.alias',
  RoleTemplate: 'cmw.container.alias',
  OrgStructureTemplate: 'cmw.container.alias',
  MessageTemplate: 'cmw.message.type.alias',
  Workspace: 'cmw.alias',
  Page: 'cmw.desktopPage.alias',
  Attribute: 'cmw.object.alias',
  Dataset: 'cmw.alias',
  Toolbar: 'cmw.alias',
  Form: 'cmw.alias',
  UserCommand: 'cmw.alias',
  Card: 'cmw.alias',
  Cart: 'cmw.cart.alias',
  Trigger: 'cmw.trigger.alias',
  Routes: 'cmw.procedure.name',
  Role: 'cmw.role.alias',
  WidgetConfig: 'cmw.form.alias',
} as const;

type OntologyType = keyof typeof ALIAS_PREDICATES;
const TYPES = Object.keys(ALIAS_PREDICATES) as [OntologyType, ...OntologyType[]];

/** Id prefixes per type: several types share a predicate, so results are told apart by prefix. */
const ID_PREFIXES: Partial<Record<OntologyType, readonly string[]>> = {
  MessageTemplate: ['msgt.'],
  Workspace: ['workspace.'],
  Dataset: ['lst.'],
  Toolbar: ['tb.'],
  UserCommand: ['event.'],
  Form: ['form.'],
  Card: ['card.'],
  RecordTemplate: ['oa.'],
  ProcessTemplate: ['pa.'],
  RoleTemplate: ['ra.'],
  AccountTemplate: ['aa.'],
  OrgStructureTemplate: ['os.'],
  Cart: ['cart.'],
  Trigger: ['trigger.'],
  Role: ['role.'],
  WidgetConfig: ['fw.'],
};

/** `get_ontology_objects`: internal ids and system names of platform objects by type. */
export const getOntologyObjectsTool = defineTool({
  name: 'get_ontology_objects',
  group: 'applications',
  description:
    'List the internal ids (e.g. "form.2024", "oa.193") and system names of platform objects of the given types from the platform ontology: templates, attributes (атрибуты), forms (формы), tables (Dataset; таблицы), toolbars (панели инструментов), buttons (UserCommand; кнопки), cards, roles (роли), scenarios (Trigger; сценарии), navigation sections (Workspace; разделы навигации) and more. Useful for localization and for building links. Note: the ontology query covers the whole platform; objects of other applications may appear.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    types: z.array(z.enum(TYPES)).min(1).max(TYPES.length).describe('Object types to list.'),
    parameter: z
      .enum(['alias'])
      .optional()
      .describe('What to look objects up by; only "alias" (system name) is supported. Default "alias".'),
    min_count: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .describe('Minimum number of values (default 1).'),
    max_count: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Maximum number of values (default 10000).'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 16_000,
  run: async ({ types, min_count, max_count }, { platform, signal }) => {
    const client = platform();
    const query = { min: min_count ?? 1, max: max_count ?? 10_000 };
    const items: { type: OntologyType; id: string; systemName: string }[] = [];
    const seen = new Set<string>();
    const errors: Record<string, string> = {};

    const add = (type: OntologyType, id: string, systemName: unknown) => {
      const prefixes = ID_PREFIXES[type];
      if (prefixes && !prefixes.some((p) => id.startsWith(p))) return;
      if (seen.has(id)) return;
      seen.add(id);
      items.push({
        type,
        id,
        systemName: typeof systemName === 'string' && systemName !== '' ? systemName : id,
      });
    };

    for (const type of [...new Set(types)]) {
      try {
        const found = await getWithMultipleValues(
          client,
          { predicate: ALIAS_PREDICATES[type], ...query },
          signal,
        );
        for (const item of found) add(type, item.id, item.values[0]);
        if (type === 'Role') {
          // Some roles keep their system name in an attribute that `cmw.role.aliasProperty` points to.
          const byProperty = await getWithMultipleValues(
            client,
            { predicate: 'cmw.role.aliasProperty', ...query },
            signal,
          );
          for (const item of byProperty) {
            const property = item.values[0];
            if (typeof property !== 'string' || seen.has(item.id)) continue;
            const values = await getAxiomsByPredicate(client, { id: item.id, predicate: property }, signal);
            if (values.length > 0) add(type, item.id, values[0]);
          }
        }
      } catch (error) {
        if (isFatalPlatformError(error)) throw error;
        errors[type] = error instanceof Error ? error.message : String(error);
      }
    }
    return {
      total: items.length,
      items,
      ...(Object.keys(errors).length > 0 ? { errors } : {}),
    };
  },
});
