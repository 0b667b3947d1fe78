import { getAxioms } from '../../platform/api/ontology-api.js';
import type { PlatformClient } from '../../platform/platform-client.js';
import type { Axioms } from '../../platform/schemas/ontology.js';
import { compact } from '../compact.js';
import { entityTypeOf } from './entity-ids.js';

// Ontology predicates the original resolver reads (platform-api.md §3.11), most specific first.
const ALIAS_PREDICATES = [
  'cmw.alias',
  'cmw.container.alias',
  'cmw.object.alias',
  'cmw.solution.alias',
  'cmw.role.alias',
  'cmw.trigger.alias',
  'cmw.message.type.alias',
  'cmw.desktopPage.alias',
  'cmw.cart.alias',
  'cmw.form.alias',
  'cmw.variantAlias',
];
const NAME_PREDICATES = [
  'cmw.object.name',
  'cmw.dataset.name',
  'cmw.eventTrigger.name',
  'cmw.trigger.name',
  'cmw.solution.name',
];
// The first two are the reference's; the others are read when present (attributes, tables, toolbars).
const CONTAINER_PREDICATES = [
  'cmw.eventTrigger.container',
  'cmw.form.container',
  'cmw.object.container',
  'cmw.dataset.container',
  'cmw.toolbar.container',
];
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** What the ontology says about one id, in the terms tools answer with. */
export interface EntityDescription {
  readonly id: string;
  /** From the id prefix (`RecordTemplate`, `Button`, …). */
  readonly type: string;
  readonly systemName?: string;
  readonly name?: string;
  /** System name of the owning template (for buttons, forms…). */
  readonly template?: string;
  readonly application?: string;
  readonly applicationName?: string;
  /** The ontology's own type names (rdf:type). */
  readonly kinds?: readonly string[];
}

/** Reads axioms through a per-call cache, so shared parents (the application) are fetched once. */
export type AxiomReader = (id: string) => Promise<Axioms>;

/**
 * An {@link AxiomReader} for one tool call.
 * @param client - the run's client
 * @param signal - the run's signal
 */
export function cachedAxioms(client: PlatformClient, signal: AbortSignal | undefined): AxiomReader {
  const cache = new Map<string, Promise<Axioms>>();
  return (id) => {
    let hit = cache.get(id);
    if (!hit) {
      hit = getAxioms(client, id, signal);
      cache.set(id, hit);
    }
    return hit;
  };
}

/**
 * Resolves an internal id through `GetAxioms`: its system name, name, owning template and application (the
 * application and template ids it points to are resolved too).
 * @param read - an axiom reader
 * @param id - the internal id, e.g. `oa.193`
 * @returns undefined when the platform knows no such id (empty axioms)
 */
export async function describeEntity(read: AxiomReader, id: string): Promise<EntityDescription | undefined> {
  const axioms = await read(id);
  if (Object.keys(axioms).length === 0) return undefined;
  const type = entityTypeOf(id) ?? 'Unknown';

  let application = first(axioms, ['cmw.solution.alias']);
  let applicationName = first(axioms, ['cmw.solution.name']);
  let solutionId = first(axioms, ['cmw.solution']);
  let template: string | undefined;

  const containerId = first(axioms, CONTAINER_PREDICATES);
  if (containerId && containerId !== id) {
    const container = await read(containerId);
    template = first(container, ['cmw.container.alias', 'cmw.alias']);
    solutionId ??= first(container, ['cmw.solution']);
  }
  if (type === 'Application') {
    solutionId = undefined;
  } else if (solutionId && solutionId !== id && (!application || !applicationName)) {
    const solution = await read(solutionId);
    application ??= first(solution, ['cmw.solution.alias']);
    applicationName ??= first(solution, ['cmw.solution.name']);
  }
  const kinds = (axioms[RDF_TYPE] ?? []).filter((v): v is string => typeof v === 'string');
  return compact({
    id,
    type,
    systemName: first(axioms, ALIAS_PREDICATES),
    name: first(axioms, NAME_PREDICATES),
    template,
    application: type === 'Application' ? undefined : application,
    applicationName: type === 'Application' ? undefined : applicationName,
    kinds: kinds.length > 0 ? kinds : undefined,
  }) as EntityDescription;
}

/**
 * The first value, as text, of the first predicate present.
 * @param axioms - an entity's axioms
 * @param predicates - predicates to try in order
 */
export function first(axioms: Axioms, predicates: readonly string[]): string | undefined {
  for (const predicate of predicates) {
    const value = axioms[predicate]?.[0];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return undefined;
}
