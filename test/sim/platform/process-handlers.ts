import { isJsonObject } from './bind-model.js';
import { readIdBody } from './ontology-handlers.js';
import type { PlatformState, TemplateEntity } from './platform-state.js';
import { systemCoreRoute, type Route } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

/**
 * A process app (one per process template) as `get_process_schema` reads it: camelCase `id` (`pa.N`), `alias`
 * and `activeDiagramId`. The spec's `ProcessApp` model is PascalCase; the tool ran live with camelCase, which
 * is what the simulator answers (platform-api.md §3.12).
 */
function processAppOf(state: PlatformState, template: TemplateEntity): Record<string, unknown> {
  const diagram = [...state.diagrams.values()].find(
    (candidate) => candidate.processTemplateId === template.id,
  );
  const related = template.model.relatedTemplate;
  const relatedAlias = isJsonObject(related) && typeof related.alias === 'string' ? related.alias : undefined;
  return {
    id: template.id,
    solution: template.solutionId,
    creator: 'account.1',
    creationDate: '2025-09-01T09:00:00Z',
    name: template.model.name,
    alias: template.alias,
    description: template.model.description,
    objectApp: relatedAlias && state.templateByAlias(template.solutionId, relatedAlias)?.id,
    isDisabled: template.model.isDisabled === true,
    members: [],
    activeDiagramId: diagram?.id,
  };
}

/** Process apps: `ProcessAppService/List` (no body) and `ProcessAppService/Get` (bare id body). */
export const processRoutes: Route[] = [
  systemCoreRoute('/Process/ProcessAppService/List', 'process apps (one per process template)', ({ state }) =>
    [...state.templates.values()]
      .filter((template) => template.kind === 'Process')
      .map((template) => processAppOf(state, template)),
  ),
  systemCoreRoute(
    '/Process/ProcessAppService/Get',
    'one process app by id (bare or quoted body)',
    ({ state, body }) => {
      const template = state.templates.get(readIdBody(body, 'appId'));
      if (template?.kind !== 'Process') throw WebApiFailure.objectDoesNotExist();
      return processAppOf(state, template);
    },
  ),
];
