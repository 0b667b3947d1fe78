import { isJsonObject } from './bind-model.js';
import type { PlatformState, TemplateChildEntity, TemplateEntity } from './platform-state.js';

/** The rdf:type predicate as the platform names it. */
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function variantName(variant: unknown): string | undefined {
  if (!isJsonObject(variant) || !isJsonObject(variant.name)) return undefined;
  const { ru, en, de } = variant.name;
  const name = ru ?? en ?? de;
  return typeof name === 'string' ? name : undefined;
}

function childAxioms(
  state: PlatformState,
  child: TemplateChildEntity,
  type: string,
  namePredicate: string,
  containerPredicate: string,
): Record<string, unknown[]> {
  const template = state.templates.get(child.templateId);
  return {
    [RDF_TYPE]: [type],
    'cmw.alias': [child.alias],
    [namePredicate]: [child.model.name],
    [containerPredicate]: [child.templateId],
    'cmw.solution': template ? [template.solutionId] : [],
  };
}

function templateAxioms(template: TemplateEntity): Record<string, unknown[]> {
  return {
    [RDF_TYPE]: [`cmw.container.${template.kind}Template`],
    'cmw.container.alias': [template.alias],
    'cmw.object.name': [template.model.name],
    'cmw.solution': [template.solutionId],
  };
}

/**
 * The ontology view of one object as `GetAxioms` returns it: predicate → values, built from the state plus
 * statements written by `AddStatement`. Predicates follow platform-api.md §3.11 (`cmw.solution.alias`,
 * `cmw.container.alias`, `cmw.object.alias`, `cmw.alias`, `cmw.object.name`, `cmw.dataset.name`,
 * `cmw.eventTrigger.name|kind|container`, `cmw.form.container`, `cmw.solution`, `cmw.variantAlias`,
 * `cmw.role.alias`, `cmw.trigger.name`, `cmw.process.diagram.*`); the rdf:type values are the simulator's own.
 * An unknown id gives `{}` ("not found").
 */
export function axiomsOf(state: PlatformState, id: string): Record<string, unknown[]> {
  const base = baseAxioms(state, id);
  const overrides = state.axiomOverrides.get(id);
  if (!overrides) return base;
  const merged = { ...base };
  for (const [predicate, values] of overrides) merged[predicate] = values;
  return merged;
}

function baseAxioms(state: PlatformState, id: string): Record<string, unknown[]> {
  const solution = state.solutions.get(id);
  if (solution)
    return {
      [RDF_TYPE]: ['cmw.solution.Solution'],
      'cmw.solution.alias': [solution.alias],
      'cmw.solution.name': [solution.name],
      'cmw.object.name': [solution.name],
    };
  const template = state.templates.get(id);
  if (template) return templateAxioms(template);
  const attribute = state.attributes.get(id);
  if (attribute) {
    const owner = state.templates.get(attribute.templateId);
    return {
      [RDF_TYPE]: ['cmw.object.Property'],
      'cmw.object.alias': [attribute.alias],
      'cmw.object.name': [attribute.model.name],
      'cmw.object.container': [attribute.templateId],
      'cmw.solution': owner ? [owner.solutionId] : [],
    };
  }
  const form = state.forms.get(id);
  if (form) return childAxioms(state, form, 'cmw.form.Form', 'cmw.object.name', 'cmw.form.container');
  const dataset = state.datasets.get(id);
  if (dataset)
    return childAxioms(state, dataset, 'cmw.dataset.Dataset', 'cmw.dataset.name', 'cmw.dataset.container');
  const toolbar = state.toolbars.get(id);
  if (toolbar)
    return childAxioms(state, toolbar, 'cmw.toolbar.Toolbar', 'cmw.object.name', 'cmw.toolbar.container');
  const button = state.userCommands.get(id);
  if (button)
    return {
      ...childAxioms(
        state,
        button,
        'cmw.eventTrigger.EventTrigger',
        'cmw.eventTrigger.name',
        'cmw.eventTrigger.container',
      ),
      'cmw.eventTrigger.kind': [`cmw.eventTrigger.${String(button.model.kind)}`],
    };
  for (const attributeEntity of state.attributes.values())
    for (const [alias, variantId] of attributeEntity.variantIds)
      if (variantId === id) {
        const variant = (attributeEntity.model.variants as unknown[] | undefined)?.find(
          (candidate) =>
            isJsonObject(candidate) && isJsonObject(candidate.alias) && candidate.alias.alias === alias,
        );
        return {
          [RDF_TYPE]: ['cmw.variant.Variant'],
          'cmw.variantAlias': [alias],
          'cmw.object.name': [variantName(variant) ?? alias],
          'cmw.variant.property': [attributeEntity.id],
        };
      }
  const role = state.roles.get(id);
  if (role)
    return { [RDF_TYPE]: ['cmw.role.Role'], 'cmw.role.alias': [role.alias], 'cmw.object.name': [role.name] };
  const account = state.accounts.get(id);
  if (account)
    return {
      [RDF_TYPE]: ['cmw.account.Account'],
      'cmw.account.username': [account.username],
      'cmw.object.name': [account.fullName],
    };
  const diagram = state.diagrams.get(id);
  if (diagram)
    return {
      [RDF_TYPE]: ['cmw.process.diagram.Diagram'],
      'cmw.process.diagram.activities': diagram.activities.map((activity) => activity.id),
      'cmw.process.diagram.container': [diagram.processTemplateId],
    };
  for (const candidate of state.diagrams.values()) {
    const activity = candidate.activities.find((element) => element.id === id);
    if (activity) return structuredClone(activity.axioms);
  }
  const trigger = state.triggers.get(id);
  if (trigger)
    return {
      [RDF_TYPE]: ['cmw.trigger.Trigger'],
      'cmw.trigger.alias': [trigger.alias],
      'cmw.trigger.name': [trigger.name],
    };
  const record = state.records.get(id);
  if (record) return { [RDF_TYPE]: [record.templateId] };
  return {};
}

/** Every id the ontology knows (metadata objects, accounts, roles, diagrams, scenarios; not records). */
export function ontologySubjects(state: PlatformState): string[] {
  const ids: string[] = [
    ...state.solutions.keys(),
    ...state.templates.keys(),
    ...state.attributes.keys(),
    ...state.forms.keys(),
    ...state.datasets.keys(),
    ...state.toolbars.keys(),
    ...state.userCommands.keys(),
    ...[...state.attributes.values()].flatMap((attribute) => [...attribute.variantIds.values()]),
    ...state.roles.keys(),
    ...state.accounts.keys(),
    ...state.diagrams.keys(),
    ...[...state.diagrams.values()].flatMap((diagram) => diagram.activities.map((activity) => activity.id)),
    ...state.triggers.keys(),
  ];
  for (const id of state.axiomOverrides.keys()) if (!ids.includes(id)) ids.push(id);
  return ids;
}
