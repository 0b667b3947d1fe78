import { listAttributes } from '../../platform/api/attributes-api.js';
import { getForm } from '../../platform/api/forms-api.js';
import type { TemplateChildAddress } from '../../platform/api/template-child-api.js';
import type { PlatformClient } from '../../platform/platform-client.js';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import type { FormModel } from '../../platform/schemas/form-model.js';
import { ToolFailure } from '../tool-failure.js';
import { buildField, buildGroup, buildRoot, fieldComponents, isNode, type FormNode } from './form-tree.js';
import { replaceForm } from './replace-form.js';
import { summarizeForm } from './summarize-form.js';

/** Attributes a generated form never shows: system ones, archived ones, and `_`-prefixed ones. */
export function isFormAttribute(a: AttributeModel): boolean {
  const alias = a.globalAlias?.alias ?? '';
  return alias !== '' && a.isSystem !== true && a.isDisabled !== true && !alias.startsWith('_');
}

/** A group of fields for a generated form. */
export interface FieldGroup {
  readonly title: string;
  readonly attributes: readonly { readonly system_name: string; readonly name?: string | undefined }[];
}

/**
 * Default groups for a template's attributes: people (accounts, roles) under "Participants", enums under
 * "Status", files under "Files", everything else under "Main information", in attribute order.
 * @param attributes - the template's attributes
 */
export function defaultGroups(attributes: readonly AttributeModel[]): FieldGroup[] {
  const buckets = new Map<string, { system_name: string; name?: string }[]>([
    ['Main information', []],
    ['Participants', []],
    ['Status', []],
    ['Files', []],
  ]);
  for (const a of attributes.filter(isFormAttribute)) {
    const type = a.type ?? '';
    const title =
      type === 'Account' || type === 'Role'
        ? 'Participants'
        : type === 'Enum'
          ? 'Status'
          : type === 'Document' || type === 'Image' || type === 'Drawing'
            ? 'Files'
            : 'Main information';
    buckets.get(title)!.push({ system_name: a.globalAlias!.alias!, ...(a.name ? { name: a.name } : {}) });
  }
  return [...buckets.entries()]
    .filter(([, list]) => list.length > 0)
    .map(([title, list]) => ({ title, attributes: list }));
}

/** The options of {@link createFormFromAttributes}. */
export interface FromAttributesOptions {
  readonly formName?: string | undefined;
  readonly groups?: readonly FieldGroup[] | undefined;
  readonly verify: boolean;
}

/**
 * Builds a form that shows the template's attributes in groups and saves it over the form of that name (or
 * creates it), checking the saved form shows exactly the included attributes.
 */
export async function createFormFromAttributes(
  client: PlatformClient,
  at: TemplateChildAddress,
  options: FromAttributesOptions,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const attributes = await listAttributes(client, at.app, at.template, signal);
  const byAlias = new Map(attributes.map((a) => [a.globalAlias?.alias ?? '', a]));
  const groups = options.groups ?? defaultGroups(attributes);
  const unknown = groups
    .flatMap((g) => g.attributes.map((a) => a.system_name))
    .filter((n) => !byAlias.has(n));
  if (unknown.length > 0)
    throw new ToolFailure(
      `The template ${at.template} has no attribute ${unknown.join(', ')}. Call list_attributes for its attributes.`,
    );
  const included = groups.flatMap((g) => g.attributes.map((a) => a.system_name));
  if (included.length === 0)
    throw new ToolFailure(
      `The template ${at.template} has no attributes to show (system and archived ones are left out): create attributes first.`,
      422,
    );
  const root = buildRoot(
    groups
      .filter((g) => g.attributes.length > 0)
      .map((g) =>
        buildGroup(
          g.title,
          g.attributes.map((a) =>
            buildField({
              template: at.template,
              form: at.alias,
              attribute: a.system_name,
              label: a.name ?? byAlias.get(a.system_name)?.name ?? a.system_name,
            }),
          ),
        ),
      ),
  );
  const { saved, replaced } = await replaceForm(
    client,
    at,
    { name: options.formName ?? at.alias, root },
    { verify: options.verify, ...(options.verify ? { expectedFields: included.length } : {}) },
    signal,
  );
  return {
    operation: replaced ? 'replaced' : 'created',
    form: summarizeForm(saved, { root: false }),
    included_attributes: included,
    excluded_count: Math.max(0, attributes.length - included.length),
  };
}

/** The options of {@link copyForm}. */
export interface CopyOptions {
  readonly source: TemplateChildAddress;
  readonly target: TemplateChildAddress;
  readonly replaceTokens?: Readonly<Record<string, string>> | undefined;
  readonly verify: boolean;
}

/**
 * Copies a form to another template (or application): the tree is rewritten so attribute paths point at the
 * target template, component names carry the target form's name, and `replace_tokens` renames system names
 * inside `alias`/`owner` values (e.g. attributes named differently in the target). Every attribute the copy
 * shows must exist in the target template; the copy replaces the target form (with rollback).
 */
export async function copyForm(
  client: PlatformClient,
  options: CopyOptions,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const { source, target } = options;
  const original = await getForm(client, source, signal);
  const sourceFields = fieldComponents(original.root).length;
  if (options.verify && sourceFields === 0)
    throw new ToolFailure(
      `The source form ${source.alias} of ${source.template} has no fields to copy.`,
      422,
    );

  const tokens = Object.entries(options.replaceTokens ?? {}).filter(([from]) => from !== '');
  const rename = (value: string): string => tokens.reduce((v, [from, to]) => v.split(from).join(to), value);
  const rewrite = (value: unknown, depth: number): unknown => {
    if (depth > 64) return value;
    if (Array.isArray(value)) return value.map((v) => rewrite(v, depth + 1));
    if (!isNode(value)) return value;
    const out: FormNode = {};
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'owner' || key === 'alias') && typeof item === 'string') {
        let next = item;
        if (key === 'owner' && next === source.template) next = target.template;
        else if (key === 'owner' && next === source.alias && value.type === 'FormComponent')
          next = target.alias;
        else if (key === 'alias' && value.type === 'FormComponent' && next.startsWith(`${source.alias}_`))
          next = `${target.alias}_${next.slice(source.alias.length + 1)}`;
        out[key] = rename(next);
      } else out[key] = rewrite(item, depth + 1);
    }
    return out;
  };
  const root = rewrite(original.root ?? { type: 'VerticalLayout', rows: [] }, 0) as FormNode;

  const targetAttributes = new Set(
    (await listAttributes(client, target.app, target.template, signal)).map((a) => a.globalAlias?.alias),
  );
  const missing = [
    ...new Set(
      fieldComponents(root).flatMap((f) =>
        (Array.isArray(f.propertyPath) ? f.propertyPath : [])
          .filter(isNode)
          .filter((p) => p.owner === target.template && typeof p.alias === 'string')
          .map((p) => p.alias as string)
          .filter((alias) => !targetAttributes.has(alias)),
      ),
    ),
  ];
  if (missing.length > 0)
    throw new ToolFailure(
      `The target template ${target.template} has no attribute ${missing.join(', ')} that the form shows. Create them first, or map their names with replace_tokens ({"SourceName": "TargetName"}).`,
      422,
    );

  const body: FormModel = {
    name: original.name ?? target.alias,
    root,
    ...(original.type ? { type: original.type } : {}),
    ...(original.formSize ? { formSize: original.formSize } : {}),
    ...(original.formRules && source.template === target.template ? { formRules: original.formRules } : {}),
  };
  const { saved, replaced } = await replaceForm(
    client,
    target,
    body,
    { verify: options.verify, ...(options.verify ? { expectedFields: sourceFields } : {}) },
    signal,
  );
  return {
    operation: replaced ? 'replaced' : 'created',
    source: { application: source.app, template: source.template, form: source.alias },
    form: summarizeForm(saved, { root: false }),
  };
}
