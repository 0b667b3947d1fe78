import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import {
  propertyValuesSchema,
  recordListSchema,
  recordSchema,
  type PlatformRecord,
} from '../schemas/record-values.js';

/**
 * `GET webapi/Records/Template@{app}.{template}`: every (non-archived) record of a template. The route takes no
 * paging or filter parameters; callers filter and page the list themselves.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export async function listRecords(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<PlatformRecord[]> {
  return client.webApi('GET', platformPath`webapi/Records/Template@${app}.${template}`, {
    schema: recordListSchema,
    signal,
  });
}

/**
 * `POST webapi/Record/Template@{app}.{template}` with a flat `{alias: value}` body: creates a record.
 * @returns the new record's id (a numeric string), or null when the platform answers none
 */
export async function createRecord(
  client: PlatformClient,
  app: string,
  template: string,
  values: Readonly<Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', platformPath`webapi/Record/Template@${app}.${template}`, {
    body: values,
    schema: z.union([z.string(), z.number().transform(String)]).nullable(),
    signal,
  });
}

/**
 * `PUT webapi/Record/{id}` with the attributes to change only (partial update). Keys must be the exact
 * attribute aliases: the platform silently ignores unknown or wrong-cased keys.
 */
export async function updateRecord(
  client: PlatformClient,
  recordId: string,
  values: Readonly<Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('PUT', platformPath`webapi/Record/${recordId}`, {
    body: values,
    schema: z.unknown(),
    signal,
  });
}

/**
 * `GET webapi/Record/{id}`: one record (keys with a lower-case first letter, as in lists).
 * @throws PlatformError `not_found` (HTTP 404) for an unknown id
 */
export async function getRecord(
  client: PlatformClient,
  recordId: string,
  signal?: AbortSignal,
): Promise<PlatformRecord> {
  const record = await client.webApi('GET', platformPath`webapi/Record/${recordId}`, {
    schema: recordSchema.nullable(),
    signal,
  });
  return record ?? {};
}

/**
 * `POST api/public/system/TeamNetwork/ObjectService/GetPropertyValues` `{objects, propertiesByAlias}`: the values
 * of some attributes of some records, by exact alias. Records the platform does not know are left out; so are
 * attributes without a value.
 * @returns record id → alias → value
 */
export async function getPropertyValues(
  client: PlatformClient,
  recordIds: readonly string[],
  aliases: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, Record<string, unknown>>> {
  const values = await client.system(platformPath`TeamNetwork/ObjectService/GetPropertyValues`, {
    body: { objects: recordIds, propertiesByAlias: aliases },
    schema: propertyValuesSchema,
    signal,
  });
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, row] of Object.entries(values)) if (row) out[id] = row;
  return out;
}
