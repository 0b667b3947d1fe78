import { bindGlobalAlias, bindModel } from './bind-model.js';
import type { PlatformState, TemplateChildEntity, TemplateEntity, WireObject } from './platform-state.js';
import {
  requireChildByPath,
  requireSolution,
  requireTemplate,
  requireTemplateByPath,
  requireValidAlias,
  templateGlobalAliasType,
} from './require-entity.js';
import { webApiRoute, type Route, type RouteContext } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

/** What one kind of template-owned entity (form, dataset, toolbar, button) plugs into the shared routes. */
export interface TemplateChildKind {
  /** The `{Type}` of `webapi/{Type}/...` and of `{Type}@{tpl}.{alias}`. */
  typeName: 'Form' | 'Dataset' | 'Toolbar' | 'UserCommand';
  /** Internal id prefix (`form`, `lst`, `tb`, `event`). */
  idPrefix: string;
  /** The OpenAPI name of the `{Type}@{tpl}.{alias}` path parameter. */
  paramName: string;
  /** Model property names (bound case-insensitively). */
  keys: readonly string[];
  collection(state: PlatformState): Map<string, TemplateChildEntity>;
  /** Validates a bound create/edit body into the stored model; `existing` is set for an edit. */
  build(args: {
    state: PlatformState;
    template: TemplateEntity;
    alias: string;
    bound: WireObject;
    existing?: TemplateChildEntity;
  }): WireObject;
  /** Refuses edits/deletes of guarded entities; may return the model to store instead of `build`'s. */
  guard?(entity: TemplateChildEntity, action: 'edit' | 'delete', built?: WireObject): WireObject | undefined;
}

/** The wire model: `globalAlias` and `container` rebuilt from the owner, then the stored model. */
export function templateChildToWire(
  kind: TemplateChildKind,
  entity: TemplateChildEntity,
  template: TemplateEntity,
): WireObject {
  return {
    globalAlias: { type: kind.typeName, owner: template.alias, alias: entity.alias },
    container: { type: templateGlobalAliasType(template), alias: template.alias },
    ...entity.model,
  };
}

function bindBody(
  kind: TemplateChildKind,
  body: unknown,
): { bound: WireObject; owner?: string; alias?: string } {
  const bound = bindModel(body, kind.keys);
  if (!bound) throw WebApiFailure.nullArgument(kind.typeName.toLowerCase());
  const globalAlias = bindGlobalAlias(bound.globalAlias);
  const owner = globalAlias?.owner ?? bindGlobalAlias(bound.container)?.alias;
  const result: { bound: WireObject; owner?: string; alias?: string } = { bound };
  if (owner !== undefined) result.owner = owner;
  if (globalAlias?.alias !== undefined) result.alias = globalAlias.alias;
  return result;
}

function ownerOf(context: RouteContext, owner: string | undefined): TemplateEntity {
  const solution = requireSolution(context.state, context.params.solutionAlias ?? '');
  if (owner === undefined)
    throw WebApiFailure.invalid('globalAlias.owner (the template system name) is required');
  return requireTemplate(context.state, solution, owner);
}

/**
 * The shared routes of a template-owned entity kind: `GET webapi/{Type}/List/{TGA}`,
 * `GET|DELETE webapi/{Type}/{app}/{Type}@{tpl}.{alias}`, `POST|PUT webapi/{Type}/{app}` (PUT on the
 * `{Type}@…` route is not served, so it answers 405 as the platform does for datasets).
 */
export function templateChildRoutes(kind: TemplateChildKind): Route[] {
  const base = `/webapi/${kind.typeName}`;
  const find = (context: RouteContext) => findTemplateChild(kind, context);
  return [
    webApiRoute(
      'GET',
      `${base}/List/{templateGlobalAlias}`,
      `list the ${kind.typeName}s of a template`,
      ({ state, params }) => {
        const { template } = requireTemplateByPath(state, params.templateGlobalAlias ?? '');
        return state
          .childrenOf(kind.collection(state), template.id)
          .map((entity) => templateChildToWire(kind, entity, template));
      },
    ),
    webApiRoute('GET', `${base}/{solutionAlias}/{${kind.paramName}}`, `get a ${kind.typeName}`, (context) => {
      const { template, child } = find(context);
      return templateChildToWire(kind, child, template);
    }),
    webApiRoute(
      'POST',
      `${base}/{solutionAlias}`,
      `create a ${kind.typeName}; response = its alias`,
      (context) => {
        const { state } = context;
        const { bound, owner, alias: rawAlias } = bindBody(kind, context.body);
        const template = ownerOf(context, owner);
        const alias = requireValidAlias(rawAlias);
        const collection = kind.collection(state);
        if (state.childByAlias(collection, template.id, alias))
          throw WebApiFailure.duplicateAlias(alias, `Template@${template.alias}`);
        const model = kind.build({ state, template, alias, bound });
        const id = state.nextId(kind.idPrefix);
        collection.set(id, { id, templateId: template.id, alias, model });
        return alias;
      },
    ),
    webApiRoute('PUT', `${base}/{solutionAlias}`, `edit a ${kind.typeName} (full replace)`, (context) => {
      const { state } = context;
      const { bound, owner, alias } = bindBody(kind, context.body);
      if (alias === undefined) throw WebApiFailure.nullArgument('key');
      const template = ownerOf(context, owner);
      const existing = state.childByAlias(kind.collection(state), template.id, alias);
      if (!existing) throw WebApiFailure.notFound(`${kind.typeName}@${template.alias}.${alias}`);
      const built = kind.build({ state, template, alias, bound, existing });
      existing.model = kind.guard?.(existing, 'edit', built) ?? built;
      return null;
    }),
    webApiRoute(
      'DELETE',
      `${base}/{solutionAlias}/{${kind.paramName}}`,
      `delete a ${kind.typeName}`,
      (context) => {
        const { child } = find(context);
        kind.guard?.(child, 'delete');
        kind.collection(context.state).delete(child.id);
        return null;
      },
    ),
  ];
}

/** Finds the template-owned entity of a `{Type}@{tpl}.{alias}` path (for extra routes such as Disable). */
export function findTemplateChild(kind: TemplateChildKind, context: RouteContext) {
  return requireChildByPath(
    context.state,
    kind.collection(context.state),
    context.params.solutionAlias ?? '',
    context.params[kind.paramName] ?? '',
    kind.typeName,
  );
}
