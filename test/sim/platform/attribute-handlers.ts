import { attributeToWire, buildAttributeModel } from './attribute-model.js';
import { bindGlobalAlias, bindModel } from './bind-model.js';
import { ATTRIBUTE_KEYS } from './platform-models.js';
import type { AttributeEntity, PlatformState, TemplateEntity } from './platform-state.js';
import {
  requireChildByPath,
  requireSolution,
  requireTemplate,
  requireTemplateByPath,
} from './require-entity.js';
import { webApiRoute, type Route, type RouteContext } from './route.js';
import { withAttributeFlags } from './template-defaults.js';
import { WebApiFailure } from './web-api-failure.js';

function findByPath(context: RouteContext): { template: TemplateEntity; attribute: AttributeEntity } {
  const { template, child } = requireChildByPath(
    context.state,
    context.state.attributes,
    context.params.solutionAlias ?? '',
    context.params.attributeGlobalAlias ?? '',
    'Attribute',
  );
  return { template, attribute: child };
}

function ownerTemplate(context: RouteContext): {
  state: PlatformState;
  template: TemplateEntity;
  alias?: string;
} {
  const { state, params, body } = context;
  const solution = requireSolution(state, params.solutionAlias ?? '');
  const globalAlias = bindGlobalAlias(bindModel(body, ATTRIBUTE_KEYS)?.globalAlias);
  if (!globalAlias?.owner)
    throw WebApiFailure.invalid('globalAlias.owner (the template system name) is required');
  const result: { state: PlatformState; template: TemplateEntity; alias?: string } = {
    state,
    template: requireTemplate(state, solution, globalAlias.owner),
  };
  if (globalAlias.alias !== undefined) result.alias = globalAlias.alias;
  return result;
}

function refuseSystem(attribute: AttributeEntity): void {
  if (attribute.model.isSystem === true) throw WebApiFailure.intercepted();
}

function setDisabled(disabled: boolean) {
  return (context: RouteContext): null => {
    const { attribute } = findByPath(context);
    refuseSystem(attribute);
    attribute.model.isDisabled = disabled;
    return null;
  };
}

/** Attributes of every type: list, get, create, edit, delete, archive, unarchive. */
export const attributeRoutes: Route[] = [
  webApiRoute(
    'GET',
    '/webapi/Attribute/List/{templateGlobalAlias}',
    'list the attributes of a template (system ones first)',
    ({ state, params }) => {
      const { template } = requireTemplateByPath(state, params.templateGlobalAlias ?? '');
      return state
        .childrenOf(state.attributes, template.id)
        .map((attribute) => attributeToWire(attribute, template));
    },
  ),
  webApiRoute(
    'GET',
    '/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}',
    'get an attribute',
    (context) => {
      const { template, attribute } = findByPath(context);
      return attributeToWire(attribute, template);
    },
  ),
  webApiRoute(
    'POST',
    '/webapi/Attribute/{solutionAlias}',
    'create an attribute (validated per type); response = its alias',
    (context) => {
      const { state, template } = ownerTemplate(context);
      const built = buildAttributeModel(state, template, context.body);
      if (state.childByAlias(state.attributes, template.id, built.alias))
        throw WebApiFailure.duplicateAlias(built.alias, `Template@${template.alias}`);
      const id = state.nextId('op');
      state.attributes.set(id, {
        id,
        templateId: template.id,
        alias: built.alias,
        model: withAttributeFlags(built.model),
        variantIds: built.variantIds,
      });
      return built.alias;
    },
  ),
  webApiRoute(
    'PUT',
    '/webapi/Attribute/{solutionAlias}',
    'edit an attribute (full replace; system attributes are guarded)',
    (context) => {
      const { state, template, alias } = ownerTemplate(context);
      const attribute = state.childByAlias(state.attributes, template.id, alias ?? '');
      if (!attribute) throw WebApiFailure.notFound(`Attribute@${template.alias}.${alias ?? ''}`);
      refuseSystem(attribute);
      const built = buildAttributeModel(state, template, context.body, attribute);
      const typeChanged = built.model.type !== attribute.model.type;
      const kept = new Set(built.variantIds.values());
      attribute.model = withAttributeFlags(built.model);
      attribute.variantIds = built.variantIds;
      for (const record of state.records.values()) {
        if (record.templateId !== template.id || !record.values.has(attribute.alias)) continue;
        const value = record.values.get(attribute.alias);
        if (typeChanged) record.values.delete(attribute.alias);
        else if (built.model.type === 'Enum') {
          const values = (Array.isArray(value) ? (value as unknown[]) : [value]).filter((item) =>
            kept.has(String(item)),
          );
          if (values.length === 0) record.values.delete(attribute.alias);
          else record.values.set(attribute.alias, Array.isArray(value) ? values : values[0]);
        }
      }
      return null;
    },
  ),
  webApiRoute(
    'DELETE',
    '/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}',
    'delete an attribute and its record values',
    (context) => {
      const { attribute } = findByPath(context);
      refuseSystem(attribute);
      context.state.removeAttribute(attribute.id);
      return null;
    },
  ),
  webApiRoute(
    'PUT',
    '/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Disable',
    'archive an attribute (body: literal null)',
    setDisabled(true),
  ),
  webApiRoute(
    'PUT',
    '/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Enable',
    'unarchive an attribute (body: literal null)',
    setDisabled(false),
  ),
];
