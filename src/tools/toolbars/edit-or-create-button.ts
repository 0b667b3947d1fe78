import { z } from 'zod';
import { createButton, getButton, updateButton } from '../../platform/api/buttons-api.js';
import {
  BUTTON_CONTEXTS,
  BUTTON_KINDS,
  BUTTON_MULTIPLICITIES,
  BUTTON_NAVIGATION_TARGETS,
  BUTTON_RESULT_TYPES,
  type UserCommandModel,
} from '../../platform/schemas/user-command-model.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, assertNewSystemName, systemNameInput, templateInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { buttonInput, canonical } from './toolbar-inputs.js';
import { summarizeButton } from './summarize-toolbar.js';

/** A closed list given as text: the model may say "trigger scenario" or "create"; the tool finds the member. */
function choice<T extends string>(
  field: string,
  value: string | undefined,
  members: readonly T[],
  aliases = {},
) {
  if (value === undefined) return undefined;
  const found = canonical(value, members, aliases as Record<string, T>);
  if (found === undefined) throw new ToolFailure(`${field} "${value}" is not one of: ${members.join(', ')}.`);
  return found;
}

/** `edit_or_create_button`: creates a button (кнопка) or changes its settings. */
export const editOrCreateButtonTool = defineTool({
  name: 'edit_or_create_button',
  group: 'toolbars',
  description:
    'Create or edit a button (RU: кнопка, действие) of a record template. kind is what it does: "Trigger scenario" (UserEvent, runs a scenario — the default for new buttons), Create, Edit, Delete, Archive, Unarchive, Script, ExportObject, ExportList, StartProcess… A Create button needs create_form (the form it opens, e.g. "defaultForm"). On edit only the given settings change. System buttons (create, edit, archive, delete, unarchive) can only be renamed. Put the button on a toolbar with edit_or_create_toolbar.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit the button.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    button_system_name: buttonInput,
    name: z.string().trim().min(1).max(256).optional().describe('Display name. Required for create.'),
    description: z.string().max(4000).optional().describe('What the button does.'),
    kind: z
      .string()
      .trim()
      .max(64)
      .optional()
      .describe(
        `Action kind; default for new buttons "Trigger scenario" (= UserEvent). One of: ${BUTTON_KINDS.join(', ')}.`,
      ),
    context: z
      .string()
      .trim()
      .max(64)
      .optional()
      .describe(`Where it acts; default for new buttons Record. One of: ${BUTTON_CONTEXTS.join(', ')}.`),
    multiplicity: z
      .string()
      .trim()
      .max(64)
      .optional()
      .describe('OneByOne (default, record by record) or Package ("Many": all selected records at once).'),
    result_type: z
      .string()
      .trim()
      .max(64)
      .optional()
      .describe(`Result; default DataChange. One of: ${BUTTON_RESULT_TYPES.join(', ')}.`),
    is_prepare: z.boolean().optional().describe('Prepare mode (validates without executing).'),
    skip_validation: z.boolean().optional().describe('Skip form validation before executing.'),
    has_confirmation: z.boolean().optional().describe('Ask the user to confirm before executing.'),
    is_confirmation_active: z
      .boolean()
      .optional()
      .describe("Same as has_confirmation (the platform's name)."),
    navigation_target: z
      .string()
      .trim()
      .max(64)
      .optional()
      .describe(
        `Where to go after executing; default Undefined. One of: ${BUTTON_NAVIGATION_TARGETS.join(', ')}.`,
      ),
    related_entity: systemNameInput(
      'System name of a related record template the button works with.',
    ).optional(),
    create_form: systemNameInput(
      'For kind Create: the form to open for the new record, e.g. "defaultForm".',
    ).optional(),
    create_template: systemNameInput(
      'For kind Create: the template of the new record (default: this template).',
    ).optional(),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    const client = platform();
    const at = {
      app: input.application_system_name,
      template: input.template_system_name,
      alias: input.button_system_name,
    };
    const kind = choice('kind', input.kind, BUTTON_KINDS, {
      triggerscenario: 'UserEvent',
      scenario: 'UserEvent',
    });
    const changes: UserCommandModel = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.description !== undefined) changes.description = input.description;
    if (kind !== undefined) changes.kind = kind;
    const context = choice('context', input.context, BUTTON_CONTEXTS);
    if (context !== undefined) changes.context = context;
    const multiplicity = choice('multiplicity', input.multiplicity, BUTTON_MULTIPLICITIES, {
      many: 'Package',
      single: 'OneByOne',
      one: 'OneByOne',
    });
    if (multiplicity !== undefined) changes.multiplicity = multiplicity;
    const resultType = choice('result_type', input.result_type, BUTTON_RESULT_TYPES, {
      redirect: 'Navigate',
      notification: 'Notificate',
      notify: 'Notificate',
    });
    if (resultType !== undefined) changes.resultType = resultType;
    const target = choice('navigation_target', input.navigation_target, BUTTON_NAVIGATION_TARGETS);
    if (target !== undefined) changes.navigationTarget = target;
    if (input.is_prepare !== undefined) changes.isPrepare = input.is_prepare;
    if (input.skip_validation !== undefined) changes.skipValidation = input.skip_validation;
    if (input.has_confirmation !== undefined || input.is_confirmation_active !== undefined)
      changes.isConfirmationActive = input.has_confirmation === true || input.is_confirmation_active === true;
    if (input.related_entity !== undefined)
      changes.relatedEntityGlobalAlias = { type: 'RecordTemplate', alias: input.related_entity };
    if (input.create_form !== undefined) {
      const template = input.create_template ?? at.template;
      changes.relatedAction = {
        containerGlobalAlias: { type: 'RecordTemplate', alias: template },
        templateGlobalAlias: { type: 'Undefined' },
        formGlobalAlias: { type: 'Form', owner: template, alias: input.create_form },
      };
    } else if (input.create_template !== undefined)
      throw new ToolFailure('create_template goes with create_form: give the form the Create button opens.');

    const globalAlias = { type: 'UserCommand', owner: at.template, alias: at.alias };
    const container = { type: 'RecordTemplate', alias: at.template };
    if (input.operation === 'create') {
      assertNewSystemName(at.alias, 'button');
      if (input.name === undefined) throw new ToolFailure('To create a button, also give: name.');
      const body: UserCommandModel = {
        globalAlias,
        container,
        context: 'Record',
        multiplicity: 'OneByOne',
        kind: 'UserEvent',
        resultType: 'DataChange',
        isPrepare: false,
        skipValidation: false,
        isConfirmationActive: false,
        navigationTarget: 'Undefined',
        ...changes,
      };
      if (body.kind === 'Create' && !body.relatedAction)
        throw new ToolFailure(
          'A Create button needs create_form: the form to open for the new record, e.g. "defaultForm".',
        );
      await createButton(client, at.app, body, signal);
    } else {
      if (Object.keys(changes).length === 0)
        throw new ToolFailure('Nothing to change: give a setting to change.');
      const current = await getButton(client, at, signal);
      const body: UserCommandModel = {
        ...current,
        globalAlias,
        container: current.container ?? container,
        ...changes,
      };
      if (body.kind === 'Create' && !body.relatedAction)
        throw new ToolFailure(
          'A Create button needs create_form: the form to open for the new record, e.g. "defaultForm".',
        );
      await updateButton(client, at.app, body, signal);
    }
    const saved = await getButton(client, at, signal);
    return {
      operation: input.operation === 'create' ? 'created' : 'edited',
      button: summarizeButton(saved, { full: true }),
    };
  },
});
