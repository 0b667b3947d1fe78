import { z } from 'zod';
import { listAttributes } from '../../platform/api/attributes-api.js';
import { createForm, getForm, updateForm } from '../../platform/api/forms-api.js';
import type { TemplateChildAddress } from '../../platform/api/template-child-api.js';
import type { PlatformClient } from '../../platform/platform-client.js';
import { isPlatformError } from '../../platform/platform-error.js';
import type { FormModel } from '../../platform/schemas/form-model.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, assertNewSystemName, systemNameInput, templateInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { formInput, formSizeInput, verifyInput, widgetInput } from './form-inputs.js';
import { copyForm, createFormFromAttributes } from './form-operations.js';
import {
  appendField,
  buildField,
  buildRoot,
  componentAlias,
  fieldAttribute,
  fieldComponents,
  isNode,
  localized,
  removeComponents,
  type FormNode,
} from './form-tree.js';
import { replaceForm } from './replace-form.js';
import { summarizeForm } from './summarize-form.js';

type WidgetEdit = z.output<typeof widgetInput>;

/** `edit_or_create_form`: creates or edits a form (форма): settings, fields, or the whole layout. */
export const editOrCreateFormTool = defineTool({
  name: 'edit_or_create_form',
  group: 'forms',
  description:
    'Create or edit a form (RU: форма) of a record template. Settings: name, form_size. Fields: widgets {attribute system name: {label, helpText, placeholder, accessType, width, remove}} changes listed fields and adds missing ones. Whole layout: replace_root (a root tree as get_form shows it). Shortcuts: create_from_attributes=true builds the form from all user attributes; copy_from copies a form of another template. Field and layout changes re-create the form on the platform (read, delete, post, read back); if saving fails or the saved form has no fields, the previous form is restored.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit the form.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    form_system_name: formInput,
    name: z.string().trim().min(1).max(256).optional().describe('Display name. Required for create.'),
    form_size: formSizeInput.optional(),
    widgets: z
      .record(z.string().trim().min(1).max(200), widgetInput)
      .optional()
      .describe(
        'Fields by attribute system name (or component name such as "defaultForm_FullName"), e.g. {"Phone": {"label": "Мобильный", "accessType": "Required"}, "Email": {"remove": true}}. Attributes not yet on the form are added.',
      ),
    create_from_attributes: z
      .boolean()
      .default(false)
      .describe('Build the form from every user attribute of the template (grouped).'),
    copy_from: z
      .object({
        source_application_system_name: systemNameInput(
          'Application of the source form (default: this one).',
        ).optional(),
        source_template_system_name: systemNameInput('Template of the source form.'),
        source_form_system_name: systemNameInput('Source form (default: form_system_name).').optional(),
        replace_tokens: z
          .record(z.string(), z.string())
          .optional()
          .describe('System names to rename in the copy, {"SourceName": "TargetName"}.'),
      })
      .optional()
      .describe("Copy the layout of another template's form (see copy_form_from_template)."),
    replace_root: z
      .looseObject({})
      .optional()
      .describe(
        'The whole new component tree: {"type": "VerticalLayout", "rows": [...]} as get_form returns it.',
      ),
    delete_existing: z
      .boolean()
      .default(true)
      .describe(
        'Allow re-creating the form for field and layout changes (the platform needs it). Default true.',
      ),
    verify: verifyInput,
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    const client = platform();
    const at: TemplateChildAddress = {
      app: input.application_system_name,
      template: input.template_system_name,
      alias: input.form_system_name,
    };
    if (input.operation === 'create') assertNewSystemName(at.alias, 'form');

    if (input.create_from_attributes)
      return createFormFromAttributes(
        client,
        at,
        { formName: input.name ?? at.alias, verify: input.verify },
        signal,
      );
    if (input.copy_from)
      return copyForm(
        client,
        {
          source: {
            app: input.copy_from.source_application_system_name ?? at.app,
            template: input.copy_from.source_template_system_name,
            alias: input.copy_from.source_form_system_name ?? at.alias,
          },
          target: at,
          replaceTokens: input.copy_from.replace_tokens,
          verify: input.verify,
        },
        signal,
      );

    const current = await findForm(client, at, signal);
    if (input.operation === 'create' && current)
      throw new ToolFailure(
        `The form ${at.alias} already exists in ${at.template}; use operation "edit".`,
        409,
      );
    if (input.operation === 'edit' && !current)
      throw new ToolFailure(
        `The template ${at.template} has no form ${at.alias}. Call list_forms to see its forms.`,
        404,
      );
    if (input.operation === 'create' && input.name === undefined)
      throw new ToolFailure('To create a form, also give: name.');

    const structural =
      input.replace_root !== undefined || (input.widgets && Object.keys(input.widgets).length > 0);
    if (structural) {
      if (!input.delete_existing)
        throw new ToolFailure(
          'Field and layout changes re-create the form on the platform; call again with delete_existing=true.',
          422,
        );
      let root: FormNode;
      if (input.replace_root !== undefined) root = structuredClone<FormNode>(input.replace_root);
      else {
        root = isNode(current?.root) ? structuredClone<FormNode>(current.root) : buildRoot([]);
        await applyWidgets(client, at, root, input.widgets ?? {}, signal);
      }
      const body: FormModel = {
        name: input.name ?? current?.name ?? at.alias,
        root,
        ...(input.form_size !== undefined ? { formSize: input.form_size } : {}),
        ...(current?.formRules ? { formRules: current.formRules } : {}),
      };
      const { saved } = await replaceForm(client, at, body, { verify: input.verify }, signal);
      return { operation: current ? 'edited' : 'created', form: summarizeForm(saved, { root: false }) };
    }

    if (!current) {
      await createForm(
        client,
        at.app,
        {
          globalAlias: { type: 'Form', owner: at.template, alias: at.alias },
          container: { type: 'RecordTemplate', alias: at.template },
          name: input.name,
          ...(input.form_size !== undefined ? { formSize: input.form_size } : {}),
        },
        signal,
      );
    } else {
      if (input.name === undefined && input.form_size === undefined)
        throw new ToolFailure('Nothing to change: give name, form_size, widgets or replace_root.');
      await updateForm(
        client,
        at.app,
        {
          ...current,
          globalAlias: { type: 'Form', owner: at.template, alias: at.alias },
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.form_size !== undefined ? { formSize: input.form_size } : {}),
        },
        signal,
      );
    }
    const saved = await getForm(client, at, signal);
    return { operation: current ? 'edited' : 'created', form: summarizeForm(saved, { root: false }) };
  },
});

async function findForm(
  client: PlatformClient,
  at: TemplateChildAddress,
  signal: AbortSignal | undefined,
): Promise<FormModel | undefined> {
  try {
    return await getForm(client, at, signal);
  } catch (error) {
    if (isPlatformError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
}

/**
 * Applies `widgets` to a tree: edits fields found by attribute (or component) name, removes those marked
 * `remove`, and appends fields for attributes not on the form yet (labelled with the attribute's name).
 */
async function applyWidgets(
  client: PlatformClient,
  at: TemplateChildAddress,
  root: FormNode,
  widgets: Readonly<Record<string, WidgetEdit>>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const fields = fieldComponents(root);
  const find = (key: string) =>
    fields.find((f) => fieldAttribute(f) === key) ?? fields.find((f) => componentAlias(f) === key);
  const toAdd = Object.entries(widgets).filter(([key, edit]) => !find(key) && edit.remove !== true);
  const names = new Map<string, string>();
  if (toAdd.length > 0) {
    const attributes = await listAttributes(client, at.app, at.template, signal);
    for (const a of attributes)
      if (a.globalAlias?.alias) names.set(a.globalAlias.alias, a.name ?? a.globalAlias.alias);
    const unknown = toAdd.map(([key]) => key).filter((key) => !names.has(key));
    if (unknown.length > 0)
      throw new ToolFailure(
        `The template ${at.template} has no attribute ${unknown.join(', ')} to put on the form. Call list_attributes for its attributes.`,
      );
  }
  for (const [key, edit] of Object.entries(widgets)) {
    const field = find(key);
    if (edit.remove === true) {
      if (field) removeComponents(root, (node) => node === field);
      continue;
    }
    if (field) applyEdit(field, edit);
    else {
      const added = buildField({
        template: at.template,
        form: at.alias,
        attribute: key,
        label: names.get(key) ?? key,
      });
      applyEdit(added, edit);
      appendField(root, added);
    }
  }
}

function applyEdit(field: FormNode, edit: WidgetEdit): void {
  for (const [key, value] of Object.entries(edit)) {
    if (value === undefined || key === 'remove') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (key === 'label') field.label = { text: localized(text), hidden: false };
    else if (key === 'helpText' || key === 'placeholder') field[key] = { text };
    else if (key === 'text' || key === 'content') field[key] = localized(text);
    else if (key !== 'type' && key !== 'globalAlias' && key !== 'propertyPath') field[key] = value;
  }
}
