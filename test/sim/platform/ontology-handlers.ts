import { addStatement } from './add-statement.js';
import { bindModel, canonicalEnum, isJsonObject } from './bind-model.js';
import { read } from './field-readers.js';
import { axiomsOf, ontologySubjects } from './ontology-axioms.js';
import { TEMPLATE_TYPES } from './platform-enums.js';
import type { PlatformState, TemplateEntity } from './platform-state.js';
import { systemCoreRoute, type Route } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

/** An id body as the clients send it: bare unquoted text, a JSON string, or `{id}`. */
export function readIdBody(body: unknown, name: string): string {
  if (typeof body === 'string' && body.trim() !== '') return body.trim();
  if (typeof body === 'number') return String(body);
  const id = isJsonObject(body) ? bindModel(body, ['id'])?.id : undefined;
  if (typeof id === 'string' && id !== '') return id;
  throw WebApiFailure.nullArgument(name);
}

function templateServiceItem(state: PlatformState, template: TemplateEntity): Record<string, unknown> {
  const solution = state.solutions.get(template.solutionId);
  return {
    id: template.id,
    alias: template.alias,
    name: template.model.name,
    solution: template.solutionId,
    solutionName: solution?.name,
    solutionAlias: solution?.alias,
    type: template.kind,
  };
}

/** System Core ontology and template lookups (bare JSON): GetAxioms, GetWithMultipleValues, … */
export const ontologyRoutes: Route[] = [
  systemCoreRoute(
    '/Base/OntologyService/GetAxioms',
    'predicate → values of one object (body: the id, bare or quoted); unknown id → {}',
    ({ state, body }) => axiomsOf(state, readIdBody(body, 'id')),
  ),
  systemCoreRoute(
    '/Base/OntologyService/GetWithMultipleValues',
    'objects having {predicate} with min..max values → [{key, value[]}]',
    ({ state, body }) => {
      const bound = bindModel(body, ['predicate', 'min', 'max']);
      const predicate = read.text(bound?.predicate, 'predicate');
      if (predicate === undefined) throw WebApiFailure.nullArgument('predicate');
      const min = read.integer(bound?.min, 'min') ?? 0;
      const max = read.integer(bound?.max, 'max') ?? Number.MAX_SAFE_INTEGER;
      return ontologySubjects(state).flatMap((id) => {
        const values = axiomsOf(state, id)[predicate];
        if (!values || values.length === 0 || values.length < min || (max > 0 && values.length > max))
          return [];
        return [{ key: id, value: values }];
      });
    },
  ),
  systemCoreRoute(
    '/Base/OntologyService/GetAxiomsByPredicate',
    'values of {id, predicate}',
    ({ state, body }) => {
      const bound = bindModel(body, ['id', 'predicate']);
      const id = read.text(bound?.id, 'id');
      const predicate = read.text(bound?.predicate, 'predicate');
      if (id === undefined || predicate === undefined) throw WebApiFailure.nullArgument('parameters');
      return axiomsOf(state, id)[predicate] ?? [];
    },
  ),
  systemCoreRoute(
    '/Base/OntologyService/AddStatement',
    'write {subject, predicate, value}: renames, display names, other statements → boolean',
    ({ state, body }) => {
      const bound = bindModel(body, ['subject', 'predicate', 'value']);
      const subject = read.text(bound?.subject, 'subject');
      const predicate = read.text(bound?.predicate, 'predicate');
      const value = bound?.value;
      if (subject === undefined || predicate === undefined || value === undefined)
        throw WebApiFailure.nullArgument('parameters');
      return addStatement(
        state,
        subject,
        predicate,
        typeof value === 'string' ? value : JSON.stringify(value),
      );
    },
  ),
  systemCoreRoute(
    '/Solution/TemplateService/List',
    'templates by {"Type": Record|Process|Account|Undefined, "Solution"?} → [{id, alias, name, solution, solutionName, solutionAlias, type}]',
    ({ state, body }) => {
      const filter = bindModel(body ?? {}, ['Solution', 'Type', 'OnlyEnabled']);
      if (!filter) throw WebApiFailure.nullArgument('filter');
      const type = filter.Type === undefined ? 'Undefined' : canonicalEnum(filter.Type, TEMPLATE_TYPES);
      if (type === undefined)
        throw WebApiFailure.invalid(`Unknown template type ${JSON.stringify(filter.Type)}`);
      const solutionFilter = read.text(filter.Solution, 'Solution');
      const onlyEnabled = read.boolean(filter.OnlyEnabled, 'OnlyEnabled') ?? false;
      return [...state.templates.values()]
        .filter((template) => type === 'Undefined' || template.kind === type)
        .filter((template) => {
          if (solutionFilter === undefined) return true;
          const solution = state.solutions.get(template.solutionId);
          return template.solutionId === solutionFilter || solution?.alias === solutionFilter;
        })
        .filter((template) => !onlyEnabled || template.model.isDisabled !== true)
        .map((template) => templateServiceItem(state, template));
    },
  ),
];
