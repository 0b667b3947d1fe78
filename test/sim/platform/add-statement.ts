import { isJsonObject } from './bind-model.js';
import { axiomsOf } from './ontology-axioms.js';
import type { PlatformState, TemplateChildEntity, WireObject } from './platform-state.js';

const ALIAS_PATTERN = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function renameChild<T extends TemplateChildEntity>(
  collection: Map<string, T>,
  child: T,
  alias: string,
): boolean {
  for (const other of collection.values())
    if (other !== child && other.templateId === child.templateId && other.alias === alias) return false;
  child.alias = alias;
  return true;
}

function relinkTemplate(state: PlatformState, solutionId: string, from: string, to: string): void {
  for (const attribute of state.attributes.values()) {
    const owner = state.templates.get(attribute.templateId);
    const link = attribute.model.instanceGlobalAlias;
    if (owner?.solutionId !== solutionId || !isJsonObject(link)) continue;
    const updated: WireObject = { ...link };
    if (updated.type === 'Attribute' && updated.owner === from) updated.owner = to;
    else if (updated.type !== 'Attribute' && updated.alias === from) updated.alias = to;
    attribute.model.instanceGlobalAlias = updated;
  }
}

/**
 * `AddStatement(subject, predicate, value)` as the localization scripts use it (platform-api.md §3.11, §3.14):
 * the alias predicates rename (`cmw.solution.alias`, `cmw.container.alias`, `cmw.object.alias`, `cmw.alias`,
 * `cmw.variantAlias`; record values follow an attribute rename, record links follow a template rename), the
 * name predicates (`cmw.object.name`, `cmw.solution.name`, `cmw.dataset.name`, `cmw.eventTrigger.name`) set the
 * display name, anything else on a known subject is stored and shows in `GetAxioms`. Returns false for an
 * unknown subject or an invalid/duplicate alias.
 */
export function addStatement(
  state: PlatformState,
  subject: string,
  predicate: string,
  value: string,
): boolean {
  const isAlias = [
    'cmw.solution.alias',
    'cmw.container.alias',
    'cmw.object.alias',
    'cmw.alias',
    'cmw.variantAlias',
  ].includes(predicate);
  if (isAlias && !ALIAS_PATTERN.test(value)) return false;
  const isName = [
    'cmw.object.name',
    'cmw.solution.name',
    'cmw.dataset.name',
    'cmw.eventTrigger.name',
  ].includes(predicate);

  const solution = state.solutions.get(subject);
  if (solution && predicate === 'cmw.solution.alias') {
    if (state.solutionByAlias(value) && solution.alias !== value) return false;
    solution.alias = value;
    return true;
  }
  if (solution && isName) {
    solution.name = value;
    return true;
  }
  const template = state.templates.get(subject);
  if (template && predicate === 'cmw.container.alias') {
    const other = state.templateByAlias(template.solutionId, value);
    if (other && other !== template) return false;
    relinkTemplate(state, template.solutionId, template.alias, value);
    template.alias = value;
    return true;
  }
  if (template && isName) {
    template.model.name = value;
    return true;
  }
  const attribute = state.attributes.get(subject);
  if (attribute && predicate === 'cmw.object.alias') {
    const previous = attribute.alias;
    if (!renameChild(state.attributes, attribute, value)) return false;
    for (const record of state.records.values()) {
      if (record.templateId !== attribute.templateId || !record.values.has(previous)) continue;
      record.values.set(value, record.values.get(previous));
      record.values.delete(previous);
    }
    return true;
  }
  for (const collection of [
    state.attributes,
    state.forms,
    state.datasets,
    state.toolbars,
    state.userCommands,
  ] as Map<string, TemplateChildEntity>[]) {
    const child = collection.get(subject);
    if (!child) continue;
    if (predicate === 'cmw.alias' && collection !== state.attributes)
      return renameChild(collection, child, value);
    if (isName) {
      child.model.name = value;
      return true;
    }
  }
  if (predicate === 'cmw.variantAlias')
    for (const owner of state.attributes.values())
      for (const [alias, variantId] of owner.variantIds) {
        if (variantId !== subject) continue;
        if (owner.variantIds.has(value) && alias !== value) return false;
        owner.variantIds.delete(alias);
        owner.variantIds.set(value, variantId);
        const variants = Array.isArray(owner.model.variants) ? owner.model.variants : [];
        for (const variant of variants)
          if (isJsonObject(variant) && isJsonObject(variant.alias) && variant.alias.alias === alias)
            variant.alias = { ...variant.alias, alias: value };
        return true;
      }
  if (Object.keys(axiomsOf(state, subject)).length === 0) return false;
  let statements = state.axiomOverrides.get(subject);
  if (!statements) {
    statements = new Map();
    state.axiomOverrides.set(subject, statements);
  }
  statements.set(predicate, [value]);
  return true;
}
