import { bindGlobalAlias, isJsonObject } from './bind-model.js';
import type { PlatformState, TemplateEntity } from './platform-state.js';
import { WebApiFailure } from './web-api-failure.js';

/**
 * Walks a form tree / dataset column list and checks every `propertyPath` element that points at an attribute
 * of the owning template (`{type:"Attribute", owner:<tpl>, alias}`) names an existing attribute. Paths into
 * other templates and system columns (owner `System#`) are not checked.
 */
export function checkPropertyPaths(
  state: PlatformState,
  template: TemplateEntity,
  tree: unknown,
  depth = 0,
): void {
  if (depth > 64) throw WebApiFailure.invalid('The structure is nested too deeply');
  if (Array.isArray(tree)) {
    for (const item of tree) checkPropertyPaths(state, template, item, depth + 1);
    return;
  }
  if (!isJsonObject(tree)) return;
  for (const [key, value] of Object.entries(tree)) {
    if (key.toLowerCase() === 'propertypath' && Array.isArray(value)) {
      for (const element of value) {
        const path = bindGlobalAlias(element);
        if (path?.type?.toLowerCase() !== 'attribute' || path.owner !== template.alias) continue;
        if (!state.childByAlias(state.attributes, template.id, path.alias ?? ''))
          throw WebApiFailure.notFound(`Attribute@${template.alias}.${path.alias ?? ''}`);
      }
    } else checkPropertyPaths(state, template, value, depth + 1);
  }
}
