import { z } from 'zod';

// The System Core API (`/api/public/system/...`) answers bare JSON, not the Web API envelope, and its spec is too
// loose to generate types from (platform-api.md §5), so these shapes are written by hand from the reference.

/** `OntologyService/GetAxioms`: predicate → values for one entity id; an empty object means "not found". */
export const axiomsSchema = z.record(z.string(), z.array(z.unknown()));

/** The axioms of one entity. */
export type Axioms = z.infer<typeof axiomsSchema>;

/**
 * One item of `OntologyService/GetWithMultipleValues`: `{key, value[]}` (the id is `key`, sometimes followed by
 * ` : System.String[]`), or a bare id string.
 */
export const multipleValuesItemSchema = z.union([
  z.string(),
  z.looseObject({
    key: z.string().nullish(),
    id: z.string().nullish(),
    value: z.array(z.unknown()).nullish(),
  }),
]);

/** `GetWithMultipleValues` answers a list, or (some versions) `{items|data|results: [...]}`. */
export const multipleValuesSchema = z.union([
  z.array(multipleValuesItemSchema),
  z
    .looseObject({
      items: z.array(multipleValuesItemSchema).nullish(),
      data: z.array(multipleValuesItemSchema).nullish(),
      results: z.array(multipleValuesItemSchema).nullish(),
    })
    .transform((o) => o.items ?? o.data ?? o.results ?? []),
]);

/** `OntologyService/GetAxiomsByPredicate`: the values of one predicate of one entity. */
export const axiomsByPredicateSchema = z.array(z.unknown());

/** One item of `Solution/TemplateService/List` (request body `{"Type": …}`). */
export const templateServiceItemSchema = z.looseObject({
  id: z.string().nullish(),
  alias: z.string().nullish(),
  name: z.string().nullish(),
  solution: z.string().nullish(),
  solutionName: z.string().nullish(),
  solutionAlias: z.string().nullish(),
  type: z.string().nullish(),
});

/** A template as `TemplateService/List` lists it, with its internal id. */
export type TemplateServiceItem = z.infer<typeof templateServiceItemSchema>;

/**
 * A process app from `Process/ProcessAppService/List|Get`. The spec spells the fields in PascalCase (`Id`,
 * `Alias`, `ActiveDiagramId`) while live tools read camelCase; both are accepted and normalised to camelCase.
 */
export const processAppSchema = z
  .looseObject({
    id: z.string().nullish(),
    Id: z.string().nullish(),
    alias: z.string().nullish(),
    Alias: z.string().nullish(),
    name: z.string().nullish(),
    Name: z.string().nullish(),
    activeDiagramId: z.string().nullish(),
    ActiveDiagramId: z.string().nullish(),
  })
  .transform((a) => ({
    id: a.id ?? a.Id ?? undefined,
    alias: a.alias ?? a.Alias ?? undefined,
    name: a.name ?? a.Name ?? undefined,
    activeDiagramId: a.activeDiagramId ?? a.ActiveDiagramId ?? undefined,
  }));

/** A process app, normalised. */
export type ProcessApp = z.output<typeof processAppSchema>;
