import { isJsonObject } from './bind-model.js';
import { checkPropertyPaths } from './check-property-paths.js';
import { read } from './field-readers.js';
import { FORM_SIZES, FORM_TYPES } from './platform-enums.js';
import { FORM_KEYS } from './platform-models.js';
import type { Route } from './route.js';
import { templateChildRoutes, type TemplateChildKind } from './template-child-routes.js';
import { WebApiFailure } from './web-api-failure.js';

/**
 * Forms (`FormModel`). The `root` tree is stored as sent (its components — `PanelModel`, `LayoutModel`,
 * `FieldComponent` with `propertyPath`/`label`/`layout` — are richer than the spec); attribute paths into the
 * owner template must exist. A PUT replaces the model, keeping `type` and `name` when absent.
 */
export const formKind: TemplateChildKind = {
  typeName: 'Form',
  idPrefix: 'form',
  paramName: 'formGlobalAlias',
  keys: FORM_KEYS,
  collection: (state) => state.forms,
  build({ state, template, alias, bound, existing }) {
    const root = bound.root ?? { type: 'VerticalLayout', rows: [] };
    if (!isJsonObject(root)) throw WebApiFailure.invalid('root must be an object');
    checkPropertyPaths(state, template, root);
    const formRules = read.array(bound.formRules, 'formRules');
    return {
      type:
        read.enumValue(bound.type, FORM_TYPES, 'Comindware.Platform.Contracts.FormType') ??
        existing?.model.type ??
        'InternalForm',
      formSize:
        read.enumValue(bound.formSize, FORM_SIZES, 'Comindware.Platform.Contracts.FormSize') ?? 'Common',
      isDefault: read.boolean(bound.isDefault, 'isDefault') ?? false,
      root: structuredClone(root),
      name: read.text(bound.name, 'name') ?? existing?.model.name ?? alias,
      formRules: formRules && structuredClone(formRules),
      origination: read.text(bound.origination, 'origination'),
      toolbar: isJsonObject(bound.toolbar) ? structuredClone(bound.toolbar) : undefined,
      withSimpleToolbar: read.boolean(bound.withSimpleToolbar, 'withSimpleToolbar') ?? false,
      searchFormSourceType: read.text(bound.searchFormSourceType, 'searchFormSourceType'),
    };
  },
};

/** Forms: list, get, create, edit, delete. */
export const formRoutes: Route[] = templateChildRoutes(formKind);
