import { z } from 'zod';
import { globalAliasSchema } from './global-alias.js';

/** `ToolbarItemModel`: one item of a toolbar (панель инструментов): a button, a group or a splitter. */
export interface ToolbarItem {
  readonly [key: string]: unknown;
  readonly action?: z.infer<typeof globalAliasSchema> | null | undefined;
  readonly collectionAction?: Record<string, unknown> | null | undefined;
  readonly name?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly order?: number | null | undefined;
  readonly type?: string | null | undefined;
  readonly iconType?: string | null | undefined;
  readonly iconClass?: string | null | undefined;
  readonly severity?: string | null | undefined;
  readonly childrenItems?: readonly ToolbarItem[] | null | undefined;
}

/** Schema of {@link ToolbarItem} (web_api_v1 `ToolbarItemModel`); `childrenItems` nests items of a group. */
export const toolbarItemSchema: z.ZodType<ToolbarItem> = z.lazy(() =>
  z.looseObject({
    action: globalAliasSchema.nullish(),
    collectionAction: z.looseObject({}).nullish(),
    name: z.string().nullish(),
    description: z.string().nullish(),
    order: z.number().nullish(),
    type: z.string().nullish(),
    iconType: z.string().nullish(),
    iconClass: z.string().nullish(),
    severity: z.string().nullish(),
    childrenItems: z.array(toolbarItemSchema).nullish(),
  }),
);

/** `ToolbarModel` (web_api_v1): a toolbar of a template and where it is the default. */
export const toolbarModelSchema = z.looseObject({
  globalAlias: globalAliasSchema.nullish(),
  container: globalAliasSchema.nullish(),
  name: z.string().nullish(),
  isDefaultForLists: z.boolean().nullish(),
  isDefaultForForms: z.boolean().nullish(),
  isDefaultForProcess: z.boolean().nullish(),
  isDefaultForProcessDesigner: z.boolean().nullish(),
  isDefaultForModelDesigner: z.boolean().nullish(),
  isDefaultForTaskLists: z.boolean().nullish(),
  items: z.array(toolbarItemSchema).nullish(),
});

/** A toolbar as read from (or written to) the platform. */
export type ToolbarModel = z.infer<typeof toolbarModelSchema>;

/** The icons of the spec's `ToolbarItemModel.iconType`. */
export const TOOLBAR_ICONS = [
  'Undefined',
  'Plus',
  'Minus',
  'Clone',
  'Envelope',
  'Pencil',
  'Search',
  'Ok',
  'User',
  'List',
  'Remove',
  'Trash',
  'Cog',
  'Star',
  'Asterisk',
  'Home',
  'File',
  'Time',
  'Print',
  'Download',
  'Upload',
  'Refresh',
  'Repeat',
  'Info',
  'Warning',
  'Exclamation',
  'Cart',
  'Play',
  'Comment',
  'Folder',
  'Bell',
  'Flash',
  'Picture',
  'Book',
] as const;
