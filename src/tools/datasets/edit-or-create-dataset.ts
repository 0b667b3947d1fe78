import { z } from 'zod';
import { createDataset, getDataset, updateDataset } from '../../platform/api/datasets-api.js';
import {
  DATASET_VIEW_TYPES,
  type DatasetColumn,
  type DatasetModel,
} from '../../platform/schemas/dataset-model.js';
import type { GlobalAlias } from '../../platform/schemas/global-alias.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, assertNewSystemName, systemNameInput, templateInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { columnEditInput, datasetInput, groupingInput, sortingInput, totalInput } from './dataset-inputs.js';
import { summarizeDataset } from './summarize-dataset.js';

type ColumnEdits = Readonly<Record<string, z.output<typeof columnEditInput>>>;

/** `edit_or_create_dataset`: creates a dataset (таблица) or changes its settings, columns, sorting… */
export const editOrCreateDatasetTool = defineTool({
  name: 'edit_or_create_dataset',
  group: 'datasets',
  description:
    'Create or edit a dataset (RU: таблица, список) of a record template: name, view type, default flag, showing archived records, the linked toolbar, and columns — {attribute system name: {name, isHidden, layout}} changes or adds a column, null removes it. sorting, grouping and totals, when given, replace the current rules; each rule names its attribute with "attribute" (or a full propertyPath). On edit only the given settings change.',
  inputSchema: z.object({
    operation: z.enum(['create', 'edit']).describe('create or edit the dataset.'),
    application_system_name: applicationInput,
    template_system_name: templateInput,
    dataset_system_name: datasetInput,
    name: z.string().trim().min(1).max(256).optional().describe('Display name. Required for create.'),
    view_type: z
      .enum(DATASET_VIEW_TYPES)
      .optional()
      .describe(
        'General (a list), SplitVertical or SplitHorizontal (list with the record beside or below it).',
      ),
    is_default: z.boolean().optional().describe("The template's default dataset."),
    toolbar_system_name: systemNameInput(
      'Toolbar to show over this dataset (it must exist: list_toolbars).',
    ).optional(),
    show_disabled: z.boolean().optional().describe('Show archived records too.'),
    columns: z
      .record(z.string().trim().min(1).max(128), columnEditInput)
      .optional()
      .describe(
        'Column changes by attribute system name, e.g. {"FullName": {"name": "ФИО"}, "Phone": {}, "OldColumn": null}: an existing column is changed, a new attribute becomes a new column (at the end), null removes one.',
      ),
    sorting: z
      .array(sortingInput)
      .max(20)
      .optional()
      .describe('Sort rules in order, e.g. [{"attribute": "HireDate", "direction": "Desc"}].'),
    grouping: z
      .array(groupingInput)
      .max(10)
      .optional()
      .describe('Grouping rules, e.g. [{"attribute": "Department", "level": 1}].'),
    totals: z
      .array(totalInput)
      .max(50)
      .optional()
      .describe(
        'Totals under the list, e.g. [{"attribute": "Salary", "aggregationMethod": "Sum", "type": "Number"}].',
      ),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal }) => {
    const client = platform();
    const at = {
      app: input.application_system_name,
      template: input.template_system_name,
      alias: input.dataset_system_name,
    };
    const path = (
      rule: { attribute?: string | undefined; propertyPath?: GlobalAlias[] | undefined },
      what: string,
    ) => {
      if (rule.propertyPath) return fullPath(rule.propertyPath, at.template);
      if (rule.attribute) return attributePath(rule.attribute, at.template);
      throw new ToolFailure(`Each ${what} rule needs an attribute (or a propertyPath).`);
    };
    const changes: DatasetModel = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.view_type !== undefined) changes.viewType = input.view_type;
    if (input.is_default !== undefined) changes.isDefault = input.is_default;
    if (input.show_disabled !== undefined) changes.showDisabled = input.show_disabled;
    if (input.toolbar_system_name !== undefined)
      changes.toolbar = { type: 'Toolbar', owner: at.template, alias: input.toolbar_system_name };
    if (input.sorting !== undefined)
      changes.sorting = input.sorting.map(({ attribute, propertyPath, ...rest }) => ({
        propertyPath: path({ attribute, propertyPath }, 'sorting'),
        ...rest,
      }));
    if (input.grouping !== undefined)
      changes.grouping = input.grouping.map(({ attribute, propertyPath, ...rest }) => ({
        propertyPath: path({ attribute, propertyPath }, 'grouping'),
        ...rest,
      }));
    const totals =
      input.totals?.map(({ attribute, propertyPath, ...rest }) => ({
        propertyPath: path({ attribute, propertyPath }, 'totals'),
        ...rest,
      })) ?? undefined;
    const globalAlias = { type: 'Dataset', owner: at.template, alias: at.alias };
    const container = { type: 'RecordTemplate', alias: at.template };

    if (input.operation === 'create') {
      assertNewSystemName(at.alias, 'dataset');
      if (input.name === undefined) throw new ToolFailure('To create a dataset, also give: name.');
      const body: DatasetModel = {
        globalAlias,
        container,
        viewType: 'General',
        ...changes,
        columns: editColumns([], input.columns ?? {}, at.template),
        ...(totals !== undefined ? { totals } : {}),
      };
      await createDataset(client, at.app, body, signal);
    } else {
      const current = await getDataset(client, at, signal);
      if (Object.keys(changes).length === 0 && input.columns === undefined && totals === undefined)
        throw new ToolFailure('Nothing to change: give a setting, columns, sorting, grouping or totals.');
      const body: DatasetModel = {
        ...current,
        ...changes,
        // GET may answer without globalAlias; the PUT fails without it ("Value cannot be null").
        globalAlias,
        container: current.container ?? container,
        ...(input.columns !== undefined
          ? { columns: editColumns(current.columns ?? [], input.columns, at.template) }
          : {}),
        ...(totals !== undefined ? { totals } : {}),
      };
      await updateDataset(client, at.app, body, signal);
    }
    const saved = await getDataset(client, at, signal);
    return {
      operation: input.operation === 'create' ? 'created' : 'edited',
      dataset: summarizeDataset(saved, { full: true }),
    };
  },
});

/**
 * Applies column edits: a key naming an existing column (`Alias`, the last alias of its property path, or
 * `Owner.Alias`) changes it, `null`/`_delete` removes it, an unknown key adds a column for that attribute.
 */
function editColumns(
  current: readonly DatasetColumn[],
  edits: ColumnEdits,
  template: string,
): DatasetColumn[] {
  const named = (c: DatasetColumn, key: string) => {
    const last = c.propertyPath?.at(-1);
    return last?.alias === key || (last?.owner != null && `${last.owner}.${last.alias ?? ''}` === key);
  };
  const removed = Object.entries(edits)
    .filter(([, e]) => e === null || e._delete === true)
    .map(([k]) => k);
  const columns = current.filter((c) => !removed.some((key) => named(c, key))).map((c) => ({ ...c }));
  for (const [key, edit] of Object.entries(edits)) {
    if (edit === null || edit._delete === true) continue;
    const { _delete: _ignored, propertyPath, layout, ...fields } = edit;
    const column = columns.find((c) => named(c, key));
    if (column) {
      Object.assign(column, fields);
      if (layout) column.layout = { ...column.layout, ...layout };
      if (propertyPath) column.propertyPath = fullPath(propertyPath, template);
    } else {
      columns.push({
        propertyPath: propertyPath ? fullPath(propertyPath, template) : attributePath(key, template),
        name: fields.name ?? key,
        layout: { flex: layout?.flex ?? 1, width: layout?.width ?? 0 },
        isHidden: fields.isHidden ?? false,
      });
    }
  }
  return columns;
}

/** `"Alias"` → an attribute of the template; `"Owner.Alias"` → an attribute of another owner (`System#`). */
function attributePath(attribute: string, template: string): GlobalAlias[] {
  const dot = attribute.indexOf('.');
  return dot > 0 && dot < attribute.length - 1
    ? [{ type: 'Attribute', owner: attribute.slice(0, dot), alias: attribute.slice(dot + 1) }]
    : [{ type: 'Attribute', owner: template, alias: attribute }];
}

/** A given path with the defaults filled in: type Attribute, owner the template. */
function fullPath(path: readonly GlobalAlias[], template: string): GlobalAlias[] {
  return path.map((p) => ({ ...p, type: p.type ?? 'Attribute', owner: p.owner ?? template }));
}
