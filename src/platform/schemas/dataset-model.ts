import { z } from 'zod';
import { globalAliasSchema } from './global-alias.js';

/** `ColumnLayoutModel`: a column's width. */
export const columnLayoutSchema = z.looseObject({
  flex: z.number().nullish(),
  width: z.number().nullish(),
});

/** `ColumnConfigurationModel`: one column of a dataset (таблица). */
export const columnSchema = z.looseObject({
  propertyPath: z.array(globalAliasSchema).nullish(),
  name: z.string().nullish(),
  layout: columnLayoutSchema.nullish(),
  isHidden: z.boolean().nullish(),
});

/** A dataset column as read from the platform. */
export type DatasetColumn = z.infer<typeof columnSchema>;

/** `SortingConfigurationModel`: one sort rule (`direction` is `Asc` or `Desc`). */
export const sortingSchema = z.looseObject({
  propertyPath: z.array(globalAliasSchema).nullish(),
  direction: z.string().nullish(),
  nullValuesOnTop: z.boolean().nullish(),
});

/**
 * `DatasetModel` (web_api_v1): a dataset (list, table) of a template. The dataset tool also sends `totals`
 * (`{propertyPath, aggregationMethod, type}[]`), which the spec lacks (platform-api.md §3.7); the loose object
 * keeps it when the platform returns it. `filter`, `grouping` and `paging` are passed through as read.
 */
export const datasetModelSchema = z.looseObject({
  globalAlias: globalAliasSchema.nullish(),
  container: globalAliasSchema.nullish(),
  isLazyLoading: z.boolean().nullish(),
  name: z.string().nullish(),
  columns: z.array(columnSchema).nullish(),
  paging: z.looseObject({}).nullish(),
  sorting: z.array(sortingSchema).nullish(),
  viewType: z.string().nullish(),
  filter: z.looseObject({}).nullish(),
  grouping: z.array(z.unknown()).nullish(),
  systemFilterExpression: z.string().nullish(),
  sourcePrototype: z.string().nullish(),
  childProperty: z.string().nullish(),
  toolbar: globalAliasSchema.nullish(),
  isDefault: z.boolean().nullish(),
  showDisabled: z.boolean().nullish(),
  stickedColumnCount: z.number().nullish(),
  card: globalAliasSchema.nullish(),
});

/** A dataset as read from (or written to) the platform. */
export type DatasetModel = z.infer<typeof datasetModelSchema>;

/** The view types of the spec's `DatasetModel.viewType`. */
export const DATASET_VIEW_TYPES = ['Undefined', 'General', 'SplitVertical', 'SplitHorizontal'] as const;
