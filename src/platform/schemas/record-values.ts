import { z } from 'zod';

// Records are not typed by the spec beyond "a dictionary" (platform-api.md §3.4, §5 overlay 2): a record is a flat
// `{attribute alias: value}` object whose read keys start with a lower-case letter (`workStatus_calc`) and whose
// system keys are `id`, `_creator`, `_creationDate`, `_lastWriteDate`, `_processes`…

/** One record as `GET webapi/Records/{TGA}` or `GET webapi/Record/{id}` answers it. */
export const recordSchema = z.record(z.string(), z.unknown());

/** A record: attribute alias → value (ids as strings, dates ISO UTC, multi-values as arrays). */
export type PlatformRecord = z.infer<typeof recordSchema>;

/**
 * `GET webapi/Records/{TGA}`: an array of records, or (some versions) a dictionary `{id: record}` — both become a
 * list.
 */
export const recordListSchema = z
  .union([z.array(recordSchema), z.record(z.string(), recordSchema)])
  .nullable()
  .transform((value) => (value === null ? [] : Array.isArray(value) ? value : Object.values(value)));

/**
 * `TeamNetwork/ObjectService/GetPropertyValues` (System Core, bare or wrapped): record id → alias → value, with
 * only the asked aliases that have a value.
 */
export const propertyValuesSchema = z
  .record(z.string(), z.record(z.string(), z.unknown()).nullable())
  .nullable()
  .transform((value) => value ?? {});
