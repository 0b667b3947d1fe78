import type { ToolbarItem, ToolbarModel } from '../../platform/schemas/toolbar-model.js';
import type { UserCommandModel } from '../../platform/schemas/user-command-model.js';
import { compact } from '../compact.js';

/**
 * A toolbar in the compact form tools answer with: `globalAlias` flattened, the `isDefaultFor*` flags that are
 * true, and its items as `{button, name, type, icon, order}` (`button` is the button's system name).
 * @param toolbar - the toolbar as the platform returned it
 * @param options - `items: false` gives only their count (lists)
 */
export function summarizeToolbar(
  toolbar: ToolbarModel,
  options: { items: boolean },
): Record<string, unknown> {
  const items = toolbar.items ?? [];
  return {
    ...compact({
      alias: toolbar.globalAlias?.alias,
      name: toolbar.name,
      isDefaultForForms: toolbar.isDefaultForForms === true || undefined,
      isDefaultForLists: toolbar.isDefaultForLists === true || undefined,
      isDefaultForTaskLists: toolbar.isDefaultForTaskLists === true || undefined,
      isDefaultForProcess: toolbar.isDefaultForProcess === true || undefined,
    }),
    ...(options.items
      ? { items: items.map((i) => summarizeItem(i, toolbar.globalAlias?.owner)) }
      : { itemCount: items.length }),
  };
}

function summarizeItem(item: ToolbarItem, template: string | null | undefined): Record<string, unknown> {
  return compact({
    button: item.action?.alias,
    buttonTemplate: item.action?.owner && item.action.owner !== template ? item.action.owner : undefined,
    name: item.name,
    type: item.type,
    icon: item.iconType && item.iconType !== 'Undefined' ? item.iconType : undefined,
    order: item.order,
    children: item.childrenItems?.length
      ? item.childrenItems.map((c) => summarizeItem(c, template))
      : undefined,
  });
}

/**
 * A button in the compact form tools answer with: `globalAlias` flattened, `isDisabled` = archived, the linked
 * template and the form a Create button opens.
 * @param button - the button as the platform returned it
 * @param options - `full: false` keeps only the main fields (lists)
 */
export function summarizeButton(
  button: UserCommandModel,
  options: { full: boolean },
): Record<string, unknown> {
  const main = {
    alias: button.globalAlias?.alias,
    name: button.name,
    kind: button.kind,
    context: button.context,
    isSystem: button.isSystem === true,
    isDisabled: button.isDisabled === true,
  };
  if (!options.full) return compact(main);
  return compact({
    ...main,
    description: button.description,
    multiplicity: button.multiplicity,
    resultType: button.resultType,
    navigationTarget: button.navigationTarget,
    isPrepare: button.isPrepare,
    skipValidation: button.skipValidation,
    isConfirmationActive: button.isConfirmationActive,
    relatedTemplate: button.relatedEntityGlobalAlias?.alias,
    createForm: button.relatedAction?.formGlobalAlias?.alias,
    createTemplate: button.relatedAction?.containerGlobalAlias?.alias,
    conditionRule: button.conditionRule,
  });
}
