import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { PlatformError } from '../platform-error.js';
import { platformPath } from '../platform-path.js';
import { attributeModelSchema, type AttributeModel } from '../schemas/attribute-model.js';

/**
 * `GET webapi/Attribute/List/Template@{app}.{template}`: every attribute of a template, system ones included.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export async function listAttributes(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<AttributeModel[]> {
  return client.webApi('GET', platformPath`webapi/Attribute/List/Template@${app}.${template}`, {
    schema: z
      .array(attributeModelSchema)
      .nullable()
      .transform((list) => list ?? []),
    signal,
  });
}

/**
 * `GET webapi/Attribute/{app}/Attribute@{template}.{attribute}`: one attribute.
 * @throws PlatformError `not_found` when there is no such attribute
 */
export async function getAttribute(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  signal?: AbortSignal,
): Promise<AttributeModel> {
  const model = await client.webApi(
    'GET',
    platformPath`webapi/Attribute/${app}/Attribute@${template}.${attribute}`,
    {
      schema: attributeModelSchema.nullable(),
      signal,
    },
  );
  if (model === null) {
    throw new PlatformError(
      'not_found',
      `The platform has no attribute ${attribute} in template ${template} of application ${app}.`,
      { httpStatus: 200 },
    );
  }
  return model;
}

/**
 * `POST webapi/Attribute/{app}`: creates an attribute.
 * @param body - an `AttributeModel` with `globalAlias {owner: template, type: "Undefined", alias}`
 * @returns the new attribute's system name as the platform answers it (null when it answers none)
 */
export async function createAttribute(
  client: PlatformClient,
  app: string,
  body: AttributeModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', platformPath`webapi/Attribute/${app}`, {
    body,
    schema: z.string().nullable(),
    signal,
  });
}

/**
 * `PUT webapi/Attribute/{app}`: replaces an attribute. The platform expects the whole model (a missing flag is
 * reset): merge the changes into the current model first.
 * @param body - the full `AttributeModel`
 */
export async function updateAttribute(
  client: PlatformClient,
  app: string,
  body: AttributeModel,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('PUT', platformPath`webapi/Attribute/${app}`, { body, schema: z.unknown(), signal });
}

/** `DELETE webapi/Attribute/{app}/Attribute@{template}.{attribute}`: deletes an attribute and its values. */
export async function deleteAttribute(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('DELETE', platformPath`webapi/Attribute/${app}/Attribute@${template}.${attribute}`, {
    schema: z.unknown(),
    signal,
  });
}

/**
 * `PUT webapi/Attribute/{app}/Attribute@{template}.{attribute}/Disable|Enable` (body: the JSON literal `null`):
 * archives or unarchives an attribute.
 * @param archived - true to archive (Disable), false to unarchive (Enable)
 */
export async function setAttributeArchived(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  archived: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const path = archived
    ? platformPath`webapi/Attribute/${app}/Attribute@${template}.${attribute}/Disable`
    : platformPath`webapi/Attribute/${app}/Attribute@${template}.${attribute}/Enable`;
  await client.webApi('PUT', path, { body: null, schema: z.unknown(), signal });
}
