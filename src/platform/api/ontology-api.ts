import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import {
  axiomsByPredicateSchema,
  axiomsSchema,
  multipleValuesSchema,
  processAppSchema,
  templateServiceItemSchema,
  type Axioms,
  type ProcessApp,
  type TemplateServiceItem,
} from '../schemas/ontology.js';

/**
 * `POST api/public/system/Base/OntologyService/GetAxioms` with the entity id as body: every predicate of the
 * entity and its values. An empty object means the id is unknown.
 * @param client - the run's client
 * @param id - an internal id such as `oa.193` or `diagram.315`
 * @param signal - the run's signal
 */
export async function getAxioms(client: PlatformClient, id: string, signal?: AbortSignal): Promise<Axioms> {
  return client.system(platformPath`Base/OntologyService/GetAxioms`, {
    body: id,
    schema: axiomsSchema.nullable().transform((a) => a ?? {}),
    signal,
  });
}

/** One item of {@link getWithMultipleValues}: an id and the predicate's values. */
export interface OntologyValues {
  readonly id: string;
  readonly values: readonly unknown[];
}

/**
 * `POST .../Base/OntologyService/GetWithMultipleValues` `{predicate, min, max}`: every entity that has the
 * predicate, with its values. Ids are cleaned of the ` : System.String[]` suffix some versions append.
 */
export async function getWithMultipleValues(
  client: PlatformClient,
  query: { readonly predicate: string; readonly min: number; readonly max: number },
  signal?: AbortSignal,
): Promise<OntologyValues[]> {
  const items = await client.system(platformPath`Base/OntologyService/GetWithMultipleValues`, {
    body: { predicate: query.predicate, min: query.min, max: query.max },
    schema: multipleValuesSchema.nullable().transform((x) => x ?? []),
    signal,
  });
  const out: OntologyValues[] = [];
  for (const item of items) {
    const rawId = typeof item === 'string' ? item : (item.key ?? item.id ?? '');
    const id = rawId.split(':')[0]?.trim() ?? '';
    if (id === '') continue;
    out.push({ id, values: typeof item === 'string' ? [] : (item.value ?? []) });
  }
  return out;
}

/** `POST .../Base/OntologyService/GetAxiomsByPredicate` `{id, predicate}`: the values of one predicate. */
export async function getAxiomsByPredicate(
  client: PlatformClient,
  query: { readonly id: string; readonly predicate: string },
  signal?: AbortSignal,
): Promise<unknown[]> {
  return client.system(platformPath`Base/OntologyService/GetAxiomsByPredicate`, {
    body: { id: query.id, predicate: query.predicate },
    schema: axiomsByPredicateSchema.nullable().transform((x) => x ?? []),
    signal,
  });
}

/** The template kinds `Solution/TemplateService/List` takes (`{"Type": …}`). */
export type TemplateServiceType = 'Record' | 'Role' | 'Process' | 'OrgStructure' | 'Undefined';

/**
 * `POST .../Solution/TemplateService/List` `{"Type": type}`: templates of every application with their internal
 * ids (`oa.N`, `pa.N`…) and their application.
 */
export async function listTemplateService(
  client: PlatformClient,
  type: TemplateServiceType,
  signal?: AbortSignal,
): Promise<TemplateServiceItem[]> {
  return client.system(platformPath`Solution/TemplateService/List`, {
    body: { Type: type },
    schema: z
      .array(templateServiceItemSchema)
      .nullable()
      .transform((x) => x ?? []),
    signal,
  });
}

/** `POST .../Process/ProcessAppService/List` (no body): every process app. */
export async function listProcessApps(client: PlatformClient, signal?: AbortSignal): Promise<ProcessApp[]> {
  return client.system(platformPath`Process/ProcessAppService/List`, {
    schema: z
      .array(processAppSchema)
      .nullable()
      .transform((x) => x ?? []),
    signal,
  });
}

/** `POST .../Process/ProcessAppService/Get` with the app id as body: one process app (its active diagram). */
export async function getProcessApp(
  client: PlatformClient,
  id: string,
  signal?: AbortSignal,
): Promise<ProcessApp> {
  return client.system(platformPath`Process/ProcessAppService/Get`, {
    body: id,
    schema: processAppSchema,
    signal,
  });
}
