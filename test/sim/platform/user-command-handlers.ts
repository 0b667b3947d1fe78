import { bindGlobalAlias, isJsonObject } from './bind-model.js';
import { read } from './field-readers.js';
import {
  NAVIGATION_TARGETS,
  USER_COMMAND_CONTEXTS,
  USER_COMMAND_KINDS,
  USER_COMMAND_MULTIPLICITIES,
  USER_COMMAND_RESULT_TYPES,
} from './platform-enums.js';
import { USER_COMMAND_KEYS } from './platform-models.js';
import { webApiRoute, type Route, type RouteContext } from './route.js';
import { findTemplateChild, templateChildRoutes, type TemplateChildKind } from './template-child-routes.js';
import { WebApiFailure } from './web-api-failure.js';

const CONTRACTS = 'Comindware.Platform.Contracts';

/**
 * Buttons (`UserCommandConfigurationModel`). Enum fields are checked, `relatedEntityGlobalAlias` must name a
 * template of the application. System buttons (create/edit/archive/delete/unarchive) may only be renamed:
 * a PUT changing their kind, or a DELETE, fails with the observed InterceptedException.
 */
export const userCommandKind: TemplateChildKind = {
  typeName: 'UserCommand',
  idPrefix: 'event',
  paramName: 'userCommandGlobalAlias',
  keys: USER_COMMAND_KEYS,
  collection: (state) => state.userCommands,
  build({ state, template, alias, bound, existing }) {
    const related = bindGlobalAlias(bound.relatedEntityGlobalAlias);
    if (related?.alias !== undefined && !state.templateByAlias(template.solutionId, related.alias))
      throw WebApiFailure.notFound(`Template@${related.alias}`);
    const copy = (value: unknown) => (isJsonObject(value) ? structuredClone(value) : undefined);
    return {
      name: read.text(bound.name, 'name') ?? existing?.model.name ?? alias,
      description: read.text(bound.description, 'description'),
      isSystem: existing?.model.isSystem === true,
      isDisabled: read.boolean(bound.isDisabled, 'isDisabled') ?? existing?.model.isDisabled === true,
      isPrepare: read.boolean(bound.isPrepare, 'isPrepare') ?? false,
      skipValidation: read.boolean(bound.skipValidation, 'skipValidation') ?? false,
      context: read.enumValue(bound.context, USER_COMMAND_CONTEXTS, `${CONTRACTS}.ContextType`) ?? 'Record',
      multiplicity:
        read.enumValue(bound.multiplicity, USER_COMMAND_MULTIPLICITIES, `${CONTRACTS}.Multiplicity`) ??
        'OneByOne',
      kind:
        read.enumValue(bound.kind, USER_COMMAND_KINDS, `${CONTRACTS}.UserCommandKind`) ??
        existing?.model.kind ??
        'UserEvent',
      resultType:
        read.enumValue(bound.resultType, USER_COMMAND_RESULT_TYPES, `${CONTRACTS}.ResultType`) ??
        'DataChange',
      confirmationModelConfiguration: copy(bound.confirmationModelConfiguration),
      scriptRule: copy(bound.scriptRule),
      conditionRule: read.text(bound.conditionRule, 'conditionRule'),
      relatedAction: copy(bound.relatedAction),
      relatedEntityGlobalAlias: copy(bound.relatedEntityGlobalAlias),
      lockStateChangeType: read.text(bound.lockStateChangeType, 'lockStateChangeType'),
      lockStateVisibilityType: read.text(bound.lockStateVisibilityType, 'lockStateVisibilityType'),
      isConfirmationActive: read.boolean(bound.isConfirmationActive, 'isConfirmationActive') ?? false,
      navigationTarget:
        read.enumValue(bound.navigationTarget, NAVIGATION_TARGETS, `${CONTRACTS}.NavigationTarget`) ??
        'Undefined',
    };
  },
  guard(entity, action, built) {
    if (entity.model.isSystem !== true) return undefined;
    if (action === 'delete' || !built || built.kind !== entity.model.kind) throw WebApiFailure.intercepted();
    return { ...entity.model, name: built.name, description: built.description };
  },
};

function setDisabled(disabled: boolean) {
  return (context: RouteContext): null => {
    findTemplateChild(userCommandKind, context).child.model.isDisabled = disabled;
    return null;
  };
}

/** Buttons: list, get, create, edit, delete, archive (`/Disable`), unarchive (`/Enable`). */
export const userCommandRoutes: Route[] = [
  ...templateChildRoutes(userCommandKind),
  webApiRoute(
    'PUT',
    '/webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Disable',
    'archive a button (body {})',
    setDisabled(true),
  ),
  webApiRoute(
    'PUT',
    '/webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Enable',
    'unarchive a button (body {})',
    setDisabled(false),
  ),
];
