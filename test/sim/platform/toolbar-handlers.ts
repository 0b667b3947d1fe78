import { bindGlobalAlias, bindModel } from './bind-model.js';
import { read } from './field-readers.js';
import { ICON_TYPES, TOOLBAR_ITEM_SEVERITIES, TOOLBAR_ITEM_TYPES } from './platform-enums.js';
import { TOOLBAR_ITEM_KEYS, TOOLBAR_KEYS } from './platform-models.js';
import type { PlatformState, TemplateEntity, WireObject } from './platform-state.js';
import type { Route } from './route.js';
import { templateChildRoutes, type TemplateChildKind } from './template-child-routes.js';
import { WebApiFailure } from './web-api-failure.js';

const TOOLBAR_FLAGS = [
  'isDefaultForLists',
  'isDefaultForForms',
  'isDefaultForProcess',
  'isDefaultForProcessDesigner',
  'isDefaultForModelDesigner',
  'isDefaultForTaskLists',
] as const;

function readItem(
  state: PlatformState,
  template: TemplateEntity,
  value: unknown,
  index: number,
  depth: number,
): WireObject {
  if (depth > 8) throw WebApiFailure.invalid('Toolbar items are nested too deeply');
  const bound = bindModel(value, TOOLBAR_ITEM_KEYS);
  if (!bound) throw WebApiFailure.invalid(`items[${index}] must be an object`);
  const type =
    read.enumValue(bound.type, TOOLBAR_ITEM_TYPES, 'Comindware.Platform.Contracts.ToolbarItemType') ??
    'Action';
  const action = bindGlobalAlias(bound.action);
  if (action?.alias !== undefined) {
    const ownerAlias = action.owner ?? template.alias;
    const owner = state.templateByAlias(template.solutionId, ownerAlias);
    if (!owner || !state.childByAlias(state.userCommands, owner.id, action.alias))
      throw WebApiFailure.notFound(`UserCommand@${ownerAlias}.${action.alias}`);
  } else if (type === 'Action')
    throw WebApiFailure.invalid(`items[${index}]: an Action item needs an action`);
  const children = read.array(bound.childrenItems, 'childrenItems');
  return {
    action:
      action?.alias === undefined
        ? undefined
        : { type: 'UserCommand', owner: action.owner ?? template.alias, alias: action.alias },
    collectionAction:
      bound.collectionAction === undefined ? undefined : structuredClone(bound.collectionAction),
    name: read.text(bound.name, 'name'),
    description: read.text(bound.description, 'description'),
    order: read.integer(bound.order, 'order') ?? index,
    type,
    iconType:
      read.enumValue(bound.iconType, ICON_TYPES, 'Comindware.Platform.Contracts.IconType') ?? 'Undefined',
    iconClass: read.text(bound.iconClass, 'iconClass'),
    severity:
      read.enumValue(bound.severity, TOOLBAR_ITEM_SEVERITIES, 'Comindware.Platform.Contracts.Severity') ??
      'None',
    childrenItems: children?.map((child, childIndex) =>
      readItem(state, template, child, childIndex, depth + 1),
    ),
  };
}

/**
 * Toolbars (`ToolbarModel`). Property names bind case-insensitively and the later duplicate wins, so the
 * tool's PascalCase `IsDefaultFor*` keys appended after the camelCase ones take effect. Items must reference
 * existing buttons. A PUT replaces the model (keeping `name` when absent).
 */
export const toolbarKind: TemplateChildKind = {
  typeName: 'Toolbar',
  idPrefix: 'tb',
  paramName: 'toolbarGlobalAlias',
  keys: TOOLBAR_KEYS,
  collection: (state) => state.toolbars,
  build({ state, template, alias, bound, existing }) {
    const model: WireObject = { name: read.text(bound.name, 'name') ?? existing?.model.name ?? alias };
    for (const flag of TOOLBAR_FLAGS) model[flag] = read.boolean(bound[flag], flag) ?? false;
    model.items = (read.array(bound.items, 'items') ?? []).map((item, index) =>
      readItem(state, template, item, index, 0),
    );
    return model;
  },
};

/** Toolbars: list, get, create, edit, delete. */
export const toolbarRoutes: Route[] = templateChildRoutes(toolbarKind);
