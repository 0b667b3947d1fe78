import { bindModel } from './bind-model.js';
import { read } from './field-readers.js';
import { SOLUTION_KEYS } from './platform-models.js';
import type { PlatformState, SolutionEntity } from './platform-state.js';
import { requireSolution, requireValidAlias } from './require-entity.js';
import { webApiRoute, type Route } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

/** `SolutionInfoModel` of an application. */
export function solutionToWire(solution: SolutionEntity): Record<string, unknown> {
  return {
    alias: solution.alias,
    name: solution.name,
    description: solution.description,
    isDefault: solution.isDefault,
  };
}

function bindSolution(body: unknown): Record<string, unknown> {
  const bound = bindModel(body, SOLUTION_KEYS);
  if (!bound) throw WebApiFailure.nullArgument('solution');
  return bound;
}

function makeDefault(state: PlatformState, solution: SolutionEntity): void {
  for (const other of state.solutions.values()) other.isDefault = other === solution;
}

/** Applications: `webapi/Solution` list/create/edit and `webapi/Solution/{alias}` get/delete. */
export const solutionRoutes: Route[] = [
  webApiRoute('GET', '/webapi/Solution', 'list applications', ({ state }) =>
    [...state.solutions.values()].map(solutionToWire),
  ),
  webApiRoute(
    'POST',
    '/webapi/Solution',
    'create an application; response = its alias',
    ({ state, body }) => {
      const bound = bindSolution(body);
      const alias = requireValidAlias(bound.alias);
      if (state.solutionByAlias(alias)) throw WebApiFailure.duplicateAlias(alias, 'the applications');
      const solution: SolutionEntity = {
        id: state.nextId('sln'),
        alias,
        name: read.text(bound.name, 'name') ?? alias,
        isDefault: false,
      };
      const description = read.text(bound.description, 'description');
      if (description !== undefined) solution.description = description;
      state.solutions.set(solution.id, solution);
      if (read.boolean(bound.isDefault, 'isDefault')) makeDefault(state, solution);
      return alias;
    },
  ),
  webApiRoute(
    'PUT',
    '/webapi/Solution',
    'edit an application (full replace of name/description/isDefault)',
    ({ state, body }) => {
      const bound = bindSolution(body);
      const solution = requireSolution(state, typeof bound.alias === 'string' ? bound.alias : '');
      solution.name = read.text(bound.name, 'name') ?? solution.name;
      const description = read.text(bound.description, 'description');
      if (description === undefined) delete solution.description;
      else solution.description = description;
      if (read.boolean(bound.isDefault, 'isDefault')) makeDefault(state, solution);
      else solution.isDefault = false;
      return null;
    },
  ),
  webApiRoute('GET', '/webapi/Solution/{solutionAlias}', 'get an application', ({ state, params }) =>
    solutionToWire(requireSolution(state, params.solutionAlias ?? '')),
  ),
  webApiRoute(
    'DELETE',
    '/webapi/Solution/{solutionAlias}',
    'delete an application with everything in it',
    ({ state, params }) => {
      state.removeSolution(requireSolution(state, params.solutionAlias ?? '').id);
      return null;
    },
  ),
];
