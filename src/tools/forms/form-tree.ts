/**
 * Reading and building form component trees (platform-api.md §3.6, fixtures `form_*.json`): `root` is a
 * `VerticalLayout` whose `rows` are `PanelModel`s (a titled group) with a `layout.rows` of `LayoutModel`s whose
 * `components` are `FieldComponent`s; a field points at its attribute with `propertyPath`
 * `[{type: "Attribute", owner: <template>, alias: <attribute>}]`. Real forms nest further (tabs, columns), so
 * reads walk the whole tree.
 */

/** A JSON object of a form tree. */
export type FormNode = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isNode(value: unknown): value is FormNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every `FieldComponent` of a tree, in document order.
 * @param tree - a form, its root, or any part of a tree
 */
export function fieldComponents(tree: unknown): FormNode[] {
  const out: FormNode[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isNode(value)) return;
    if (value.type === 'FieldComponent') out.push(value);
    for (const [key, item] of Object.entries(value)) if (key !== 'propertyPath') visit(item, depth + 1);
  };
  visit(tree, 0);
  return out;
}

/** The attribute a field shows: the first `propertyPath` element's alias. */
export function fieldAttribute(field: FormNode): string | undefined {
  const path = field.propertyPath;
  const first = Array.isArray(path) ? path.find(isNode) : isNode(path) ? path : undefined;
  return typeof first?.alias === 'string' ? first.alias : undefined;
}

/** The component alias of a node (`globalAlias.alias`, e.g. `defaultForm_FullName`). */
export function componentAlias(node: FormNode): string | undefined {
  const alias = isNode(node.globalAlias) ? node.globalAlias.alias : undefined;
  return typeof alias === 'string' ? alias : undefined;
}

/** A multilingual text `{en, de, ru}` read as one string (English, else Russian, else German). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isNode(value)) return undefined;
  for (const key of ['en', 'ru', 'de'] as const) {
    const text = value[key];
    if (typeof text === 'string' && text !== '') return text;
  }
  return undefined;
}

/** A field's label text (`label.text`). */
export function fieldLabel(field: FormNode): string | undefined {
  return isNode(field.label) ? textOf(field.label.text) : textOf(field.text);
}

/** The same text in the three languages the platform stores (`{en, de, ru}`). */
export function localized(text: string): { en: string; de: string; ru: string } {
  return { en: text, de: text, ru: text };
}

/** What a new field shows. */
export interface NewField {
  readonly template: string;
  readonly form: string;
  readonly attribute: string;
  readonly label: string;
}

/** A `FieldComponent` for an attribute, as the platform's own forms spell it. */
export function buildField(field: NewField): FormNode {
  return {
    type: 'FieldComponent',
    globalAlias: { type: 'FormComponent', owner: field.form, alias: `${field.form}_${field.attribute}` },
    propertyPath: [{ type: 'Attribute', owner: field.template, alias: field.attribute }],
    label: { text: localized(field.label), hidden: false },
    accessType: 'Editable',
    width: 0,
  };
}

/** A titled group (`PanelModel`) holding one row of components. */
export function buildGroup(title: string, components: FormNode[]): FormNode {
  return {
    type: 'PanelModel',
    displayName: title,
    label: { text: localized(title), hidden: false },
    layout: { type: 'VerticalLayout', rows: [{ type: 'LayoutModel', components }] },
  };
}

/** The root of a form made of groups. */
export function buildRoot(groups: FormNode[]): FormNode {
  return { type: 'VerticalLayout', rows: groups };
}

/**
 * Appends a field to a tree: into the last row of the first group that has a layout, or a new group
 * "Main information" when the form has none.
 * @param root - the form root (changed in place)
 * @param field - the new field
 */
export function appendField(root: FormNode, field: FormNode): void {
  if (!Array.isArray(root.rows)) root.rows = [];
  const rows = root.rows as unknown[];
  const group = rows.find((row): row is FormNode => isNode(row) && isNode(row.layout));
  if (!group) {
    rows.push(buildGroup('Main information', [field]));
    return;
  }
  const layout = group.layout as FormNode;
  if (!Array.isArray(layout.rows)) layout.rows = [];
  const layoutRows = layout.rows as unknown[];
  const last = layoutRows.at(-1);
  if (isNode(last) && Array.isArray(last.components)) (last.components as unknown[]).push(field);
  else layoutRows.push({ type: 'LayoutModel', components: [field] });
}

/**
 * Removes the components a predicate picks from a tree (changed in place).
 * @returns how many were removed
 */
export function removeComponents(tree: unknown, remove: (node: FormNode) => boolean): number {
  let removed = 0;
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        const item: unknown = value[i];
        if (isNode(item) && remove(item)) {
          value.splice(i, 1);
          removed += 1;
        } else visit(item, depth + 1);
      }
      return;
    }
    if (isNode(value)) for (const item of Object.values(value)) visit(item, depth + 1);
  };
  visit(tree, 0);
  return removed;
}
