import type { DatasetModel } from '../../platform/schemas/dataset-model.js';
import type { GlobalAlias } from '../../platform/schemas/global-alias.js';
import { compact } from '../compact.js';

/** A property path `[{type, owner, alias}, …]` as `Owner.Alias` (or `Alias` inside the template). */
export function pathText(
  path: readonly GlobalAlias[] | null | undefined,
  template: string | undefined,
): string | undefined {
  if (!path || path.length === 0) return undefined;
  return path
    .map((p) => (p.owner && p.owner !== template ? `${p.owner}.${p.alias ?? ''}` : (p.alias ?? '')))
    .join(' → ');
}

/**
 * A dataset in the compact form tools answer with: `globalAlias` flattened, columns as `{attribute, name,
 * isHidden}` (`attribute` is the property path, `System#.isDisabled` for system columns), sort rules as
 * `{attribute, direction}`, and the linked toolbar's system name.
 * @param dataset - the dataset as the platform returned it
 * @param options - `full: false` gives counts instead of the column list (lists)
 */
export function summarizeDataset(dataset: DatasetModel, options: { full: boolean }): Record<string, unknown> {
  const template = dataset.globalAlias?.owner ?? dataset.container?.alias ?? undefined;
  const columns = dataset.columns ?? [];
  const head = compact({
    alias: dataset.globalAlias?.alias,
    name: dataset.name,
    viewType: dataset.viewType,
    isDefault: dataset.isDefault,
    showDisabled: dataset.showDisabled,
    toolbar: dataset.toolbar?.alias,
  });
  if (!options.full) return { ...head, columnCount: columns.length };
  const record = dataset as Record<string, unknown>;
  return {
    ...head,
    columns: columns.map((c) =>
      compact({
        attribute: pathText(c.propertyPath, template),
        name: c.name,
        isHidden: c.isHidden === true || undefined,
        width: c.layout?.width || undefined,
      }),
    ),
    sorting: (dataset.sorting ?? []).map((s) =>
      compact({ attribute: pathText(s.propertyPath, template), direction: s.direction }),
    ),
    ...compact({
      grouping: dataset.grouping?.length ? dataset.grouping : undefined,
      totals: Array.isArray(record.totals) && record.totals.length > 0 ? record.totals : undefined,
      filter: dataset.filter ?? undefined,
      paging: dataset.paging ?? undefined,
    }),
  };
}
