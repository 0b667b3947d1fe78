import { bindGlobalAlias, bindModel, isJsonObject } from './bind-model.js';
import { read } from './field-readers.js';
import { TEMPLATE_KEYS } from './platform-models.js';
import type { PlatformState, TemplateEntity, TemplateKind, WireObject } from './platform-state.js';
import {
  requireSolution,
  requireTemplate,
  requireValidAlias,
  templateGlobalAliasType,
} from './require-entity.js';
import { webApiRoute, type Route, type RouteContext } from './route.js';
import { createTemplateDefaults } from './template-defaults.js';
import { WebApiFailure } from './web-api-failure.js';

const ID_PREFIXES: Record<TemplateKind, string> = { Record: 'oa', Process: 'pa', Account: 'aa' };

const DEFAULT_CONVERSATION_CONFIG = {
  disableSidePanelConversations: false,
  disableWidgetConversations: false,
  prohibitedReferenceTypes: [],
  hideArchivedMessages: false,
};

/** `TemplateInfoModel` of a template. */
export function templateToWire(template: TemplateEntity): WireObject {
  const { model } = template;
  return {
    name: model.name,
    description: model.description,
    globalAlias: { type: templateGlobalAliasType(template), alias: template.alias },
    isDisabled: model.isDisabled === true,
    relatedTemplate: model.relatedTemplate,
    isReferenceData: model.isReferenceData === true,
    isTransferable: model.isTransferable === true,
    keyProperty: model.keyProperty,
    conversationDisplayConfig: model.conversationDisplayConfig,
    type: template.kind,
  };
}

function readRelatedTemplate(
  state: PlatformState,
  solutionId: string,
  value: unknown,
): WireObject | undefined {
  const link = bindGlobalAlias(value);
  if (!link?.alias) return undefined;
  const target = state.templateByAlias(solutionId, link.alias);
  if (!target || target.kind !== 'Record') throw WebApiFailure.notFound(`RecordTemplate ${link.alias}`);
  return { type: 'RecordTemplate', alias: target.alias };
}

function readConversationConfig(value: unknown): WireObject | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw WebApiFailure.invalid('conversationDisplayConfig must be an object');
  return { ...DEFAULT_CONVERSATION_CONFIG, ...value };
}

/**
 * Applies a template create/edit body. An edit replaces the model (platform-api.md §8 point 12: metadata PUTs are
 * full-body), except that `name`, `relatedTemplate`, `conversationDisplayConfig` and `isDisabled` stay when absent.
 */
function applyTemplateBody(
  state: PlatformState,
  template: TemplateEntity,
  bound: WireObject,
  creating: boolean,
): void {
  const previous = template.model;
  template.model = {
    name: read.text(bound.name, 'name') ?? previous.name ?? template.alias,
    description: read.text(bound.description, 'description'),
    isDisabled: read.boolean(bound.isDisabled, 'isDisabled') ?? previous.isDisabled === true,
    relatedTemplate:
      readRelatedTemplate(state, template.solutionId, bound.relatedTemplate) ??
      (creating ? undefined : previous.relatedTemplate),
    isReferenceData: read.boolean(bound.isReferenceData, 'isReferenceData') ?? false,
    isTransferable: read.boolean(bound.isTransferable, 'isTransferable') ?? false,
    keyProperty: read.text(bound.keyProperty, 'keyProperty'),
    conversationDisplayConfig:
      readConversationConfig(bound.conversationDisplayConfig) ??
      previous.conversationDisplayConfig ??
      structuredClone(DEFAULT_CONVERSATION_CONFIG),
  };
}

function bindTemplate(body: unknown): WireObject {
  const bound = bindModel(body, TEMPLATE_KEYS);
  if (!bound) throw WebApiFailure.nullArgument('template');
  return bound;
}

function templateRoutesOf(kind: TemplateKind): Route[] {
  const prefix = `/webapi/${kind}Template`;
  const article = kind === 'Account' ? 'an' : 'a';
  const aliasParam = `${kind.toLowerCase()}TemplateAlias`;
  const find = ({ state, params }: RouteContext): TemplateEntity =>
    requireTemplate(
      state,
      requireSolution(state, params.solutionAlias ?? ''),
      params[aliasParam] ?? '',
      kind,
    );
  const setDisabled =
    (disabled: boolean) =>
    (context: RouteContext): null => {
      find(context).model.isDisabled = disabled;
      return null;
    };
  return [
    webApiRoute('GET', `${prefix}/List/{solutionAlias}`, `list ${kind} templates`, ({ state, params }) =>
      state.templatesOf(requireSolution(state, params.solutionAlias ?? '').id, kind).map(templateToWire),
    ),
    webApiRoute(
      'POST',
      `${prefix}/{solutionAlias}`,
      `create ${article} ${kind} template with its system attributes, defaultForm, defaultList and system buttons; response = alias`,
      ({ state, params, body }) => {
        const solution = requireSolution(state, params.solutionAlias ?? '');
        const bound = bindTemplate(body);
        const alias = requireValidAlias(bindGlobalAlias(bound.globalAlias)?.alias);
        if (state.templateByAlias(solution.id, alias))
          throw WebApiFailure.duplicateAlias(alias, `the application ${solution.alias}`);
        const template: TemplateEntity = {
          id: state.nextId(ID_PREFIXES[kind]),
          kind,
          solutionId: solution.id,
          alias,
          model: {},
        };
        applyTemplateBody(state, template, bound, true);
        state.templates.set(template.id, template);
        createTemplateDefaults(state, template);
        return alias;
      },
    ),
    webApiRoute(
      'PUT',
      `${prefix}/{solutionAlias}`,
      `edit ${article} ${kind} template (full replace)`,
      ({ state, params, body }) => {
        const solution = requireSolution(state, params.solutionAlias ?? '');
        const bound = bindTemplate(body);
        const alias = bindGlobalAlias(bound.globalAlias)?.alias;
        if (alias === undefined) throw WebApiFailure.nullArgument('key');
        applyTemplateBody(state, requireTemplate(state, solution, alias, kind), bound, false);
        return null;
      },
    ),
    webApiRoute(
      'GET',
      `${prefix}/{solutionAlias}/{${aliasParam}}`,
      `get ${article} ${kind} template`,
      (context) => templateToWire(find(context)),
    ),
    webApiRoute(
      'DELETE',
      `${prefix}/{solutionAlias}/{${aliasParam}}`,
      `delete ${article} ${kind} template with everything it owns`,
      (context) => {
        context.state.removeTemplate(find(context).id);
        return null;
      },
    ),
    webApiRoute(
      'PUT',
      `${prefix}/{solutionAlias}/{${aliasParam}}/Disable`,
      `archive ${article} ${kind} template`,
      setDisabled(true),
    ),
    webApiRoute(
      'PUT',
      `${prefix}/{solutionAlias}/{${aliasParam}}/Enable`,
      `unarchive ${article} ${kind} template`,
      setDisabled(false),
    ),
  ];
}

/** Record, process and account templates: list, create, edit, get, delete, archive, unarchive. */
export const templateRoutes: Route[] = [
  ...templateRoutesOf('Record'),
  ...templateRoutesOf('Process'),
  ...templateRoutesOf('Account'),
];
