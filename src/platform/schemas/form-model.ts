import { z } from 'zod';
import { globalAliasSchema } from './global-alias.js';

/**
 * `FormModel` (web_api_v1): a form of a template. `root` is the component tree; the spec types it as a
 * `VerticalLayoutModel` whose rows are bare `FormComponentModel`s, but real forms carry much more
 * (`PanelModel.layout`, `LayoutModel.components`, `FieldComponent.propertyPath`, `label`, `text`,
 * `originalType` — platform-api.md §3.6), so the tree is read as loose JSON and walked by the form tools.
 */
export const formModelSchema = z.looseObject({
  globalAlias: globalAliasSchema.nullish(),
  type: z.string().nullish(),
  container: globalAliasSchema.nullish(),
  formSize: z.string().nullish(),
  isDefault: z.boolean().nullish(),
  root: z.looseObject({}).nullish(),
  name: z.string().nullish(),
  formRules: z.array(z.unknown()).nullish(),
  origination: z.string().nullish(),
  toolbar: globalAliasSchema.nullish(),
  withSimpleToolbar: z.boolean().nullish(),
  searchFormSourceType: z.string().nullish(),
});

/** A form as read from (or written to) the platform. */
export type FormModel = z.infer<typeof formModelSchema>;

/** The form types of the spec's `FormModel.type`. */
export const FORM_TYPES = ['PublicForm', 'InternalForm', 'ModalForm', 'SearchForm'] as const;

/** The sizes of the spec's `FormModel.formSize`. */
export const FORM_SIZES = ['Undefined', 'Common', 'Small', 'Large'] as const;

/** The access types of the spec's `FormComponentModel.accessType`. */
export const FORM_ACCESS_TYPES = ['Undefined', 'Hidden', 'Readonly', 'Editable', 'Required'] as const;
