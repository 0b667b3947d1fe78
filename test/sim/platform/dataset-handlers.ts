import { bindGlobalAlias, bindModel, isJsonObject } from './bind-model.js';
import { checkPropertyPaths } from './check-property-paths.js';
import { read } from './field-readers.js';
import { DATASET_VIEW_TYPES } from './platform-enums.js';
import { DATASET_KEYS } from './platform-models.js';
import type { Route } from './route.js';
import { templateChildRoutes, type TemplateChildKind } from './template-child-routes.js';
import { WebApiFailure } from './web-api-failure.js';

const SORT_DIRECTIONS = ['Asc', 'Desc'] as const;

function readObjectArray(value: unknown, field: string): Record<string, unknown>[] | undefined {
  const items = read.array(value, field);
  if (!items) return undefined;
  return items.map((item, index) => {
    if (!isJsonObject(item)) throw WebApiFailure.invalid(`${field}[${index}] must be an object`);
    return structuredClone(item);
  });
}

/**
 * Datasets (`DatasetModel` + the tools' `totals`). Column/sorting attribute paths into the owner template must
 * exist, a `toolbar` must name a toolbar of the template, sort directions are Asc/Desc. A PUT replaces the model
 * (keeping `name` when absent); a PUT without `globalAlias` fails with `Value cannot be null. Parameter name: key`.
 */
export const datasetKind: TemplateChildKind = {
  typeName: 'Dataset',
  idPrefix: 'lst',
  paramName: 'datasetGlobalAlias',
  keys: DATASET_KEYS,
  collection: (state) => state.datasets,
  build({ state, template, alias, bound, existing }) {
    const columns = readObjectArray(bound.columns, 'columns') ?? [];
    checkPropertyPaths(state, template, columns);
    const sorting = readObjectArray(bound.sorting, 'sorting') ?? [];
    checkPropertyPaths(state, template, sorting);
    for (const sort of sorting) {
      const direction = bindModel(sort, ['direction'])?.direction;
      if (direction !== undefined)
        sort.direction = read.enumValue(
          direction,
          SORT_DIRECTIONS,
          'Comindware.Platform.Contracts.SortingDirection',
        );
    }
    const toolbar = bindGlobalAlias(bound.toolbar);
    if (toolbar?.alias !== undefined) {
      const toolbarOwner = toolbar.owner ?? template.alias;
      const ownerTemplate = state.templateByAlias(template.solutionId, toolbarOwner);
      if (!ownerTemplate || !state.childByAlias(state.toolbars, ownerTemplate.id, toolbar.alias))
        throw WebApiFailure.notFound(`Toolbar@${toolbarOwner}.${toolbar.alias}`);
    }
    return {
      isLazyLoading: read.boolean(bound.isLazyLoading, 'isLazyLoading') ?? false,
      name: read.text(bound.name, 'name') ?? existing?.model.name ?? alias,
      columns,
      paging: isJsonObject(bound.paging) ? structuredClone(bound.paging) : undefined,
      sorting,
      viewType:
        read.enumValue(bound.viewType, DATASET_VIEW_TYPES, 'Comindware.Platform.Contracts.DatasetViewType') ??
        'General',
      filter: isJsonObject(bound.filter) ? structuredClone(bound.filter) : undefined,
      grouping: readObjectArray(bound.grouping, 'grouping'),
      systemFilterExpression: read.text(bound.systemFilterExpression, 'systemFilterExpression'),
      sourcePrototype: read.text(bound.sourcePrototype, 'sourcePrototype'),
      childProperty: read.text(bound.childProperty, 'childProperty'),
      toolbar:
        toolbar?.alias === undefined
          ? undefined
          : { type: 'Toolbar', owner: toolbar.owner ?? template.alias, alias: toolbar.alias },
      isDefault: read.boolean(bound.isDefault, 'isDefault') ?? false,
      showDisabled: read.boolean(bound.showDisabled, 'showDisabled') ?? false,
      stickedColumnCount: read.integer(bound.stickedColumnCount, 'stickedColumnCount'),
      card: isJsonObject(bound.card) ? structuredClone(bound.card) : undefined,
      totals: readObjectArray(bound.totals, 'totals'),
    };
  },
};

/** Datasets: list, get, create, edit (app-level route only), delete. */
export const datasetRoutes: Route[] = templateChildRoutes(datasetKind);
