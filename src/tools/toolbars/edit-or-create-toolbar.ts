import { z } from 'zod';
import { listButtons } from '../../platform/api/buttons-api.js';
import { createToolbar, getToolbar, updateToolbar } from '../../platform/api/toolbars-api.js';
import { TOOLBAR_ICONS, type ToolbarItem, type ToolbarModel } from '../../platform/schemas/toolbar-model.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, assertNewSystemName, templateInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { buttonInput, canonical, toolbarInput } from './toolbar-inputs.js';
import { summarizeToolbar } from './summarize-toolbar.js';

const item = z.object({
  button_system_name: buttonInput,
  display_name: z.string().trim().min(1).max(256).optional().describe('Label (default: the button name).'),
  item_order: z.number().int().min(0).max(10_000).optional().describe('Position (default: list order).'),
  icon: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe(`Icon: ${TOOLBAR_ICONS.filter((i) => i !== 'Undefined').join(', ')}.`),
  color: z
    .string()
    .trim()
    .max(32)
    .optional()
    .describe('Colour; accepted for compatibility, the platform API has none.'),
});

/** `edit_or_create_toolbar`: creates a toolbar or changes its name, default flags or items. */
export const editOrCreateToolbarTool = defineTool({
  name: 'edit_or_create_toolbar',
  group: 'toolbars',
  description:
    'Create or edit a toolbar (RU: панель инструментов) of a record template: its name, whether it is the default for forms, lists (all datasets of the template) or task lists, and its items — buttons by system name (list_buttons shows them), with label, order and icon. On edit only the given settings change; items, when given, is the complete new list. To use a toolbar on one dataset only, leave is_default_for_lists false and link it with edit_or_create_dataset toolbar_system_name.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit the toolbar.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    toolbar_system_name: toolbarInput,
    name: z.string().trim().min(1).max(256).optional().describe('Display name. Required for create.'),
    is_default_for_forms: z.boolean().optional().describe("Default toolbar of the template's forms."),
    is_default_for_lists: z.boolean().optional().describe("Default toolbar of the template's lists."),
    is_default_for_task_lists: z.boolean().optional().describe('Default toolbar of task lists.'),
    items: z
      .array(item)
      .max(100)
      .optional()
      .describe(
        'The items, in order, e.g. [{"button_system_name": "create", "icon": "Plus"}]. Replaces the current items.',
      ),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    const client = platform();
    const at = {
      app: input.application_system_name,
      template: input.template_system_name,
      alias: input.toolbar_system_name,
    };
    let items: ToolbarItem[] | undefined;
    if (input.items !== undefined) {
      const buttons = await listButtons(client, at.app, at.template, signal);
      const names = new Map(buttons.map((b) => [b.globalAlias?.alias ?? '', b.name ?? undefined]));
      const unknown = input.items.map((i) => i.button_system_name).filter((b) => !names.has(b));
      if (unknown.length > 0)
        throw new ToolFailure(
          `The template ${at.template} has no button ${unknown.join(', ')}. Call list_buttons, or create it with edit_or_create_button.`,
        );
      items = input.items.map((i, index) => {
        const icon = i.icon === undefined ? 'Undefined' : canonical(i.icon, TOOLBAR_ICONS);
        if (icon === undefined)
          throw new ToolFailure(`Unknown icon "${i.icon}". Icons: ${TOOLBAR_ICONS.join(', ')}.`);
        return {
          action: { type: 'UserCommand', owner: at.template, alias: i.button_system_name },
          name: i.display_name ?? names.get(i.button_system_name) ?? i.button_system_name,
          order: i.item_order ?? index,
          type: 'Action',
          iconType: icon,
          severity: 'None',
        };
      });
    }
    const flags = {
      ...(input.is_default_for_forms !== undefined ? { isDefaultForForms: input.is_default_for_forms } : {}),
      ...(input.is_default_for_lists !== undefined ? { isDefaultForLists: input.is_default_for_lists } : {}),
      ...(input.is_default_for_task_lists !== undefined
        ? { isDefaultForTaskLists: input.is_default_for_task_lists }
        : {}),
    };
    const globalAlias = { type: 'Toolbar', owner: at.template, alias: at.alias };
    const container = { type: 'RecordTemplate', alias: at.template };

    if (input.operation === 'create') {
      assertNewSystemName(at.alias, 'toolbar');
      if (input.name === undefined) throw new ToolFailure('To create a toolbar, also give: name.');
      const body: ToolbarModel = {
        globalAlias,
        container,
        name: input.name,
        isDefaultForForms: false,
        isDefaultForLists: false,
        isDefaultForTaskLists: false,
        ...flags,
        items: items ?? [],
      };
      await createToolbar(client, at.app, body, signal);
    } else {
      const current = await getToolbar(client, at, signal);
      const body: ToolbarModel = {
        ...current,
        globalAlias,
        container: current.container ?? container,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...flags,
        ...(items !== undefined ? { items } : {}),
      };
      await updateToolbar(client, at.app, body, signal);
    }
    const saved = await getToolbar(client, at, signal);
    return {
      operation: input.operation === 'create' ? 'created' : 'edited',
      toolbar: summarizeToolbar(saved, { items: true }),
    };
  },
});
