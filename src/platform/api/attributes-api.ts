import type { PlatformClient } from '../platform-client.js';
import { attributeModelSchema, type AttributeModel } from '../schemas/attribute-model.js';
import {
  createTemplateChild,
  deleteTemplateChild,
  getTemplateChild,
  listTemplateChildren,
  setTemplateChildArchived,
  updateTemplateChild,
} from './template-child-api.js';

/**
 * `GET webapi/Attribute/List/Template@{app}.{template}`: every attribute of a template, system ones included.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export function listAttributes(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<AttributeModel[]> {
  return listTemplateChildren(client, 'Attribute', attributeModelSchema, app, template, signal);
}

/**
 * `GET webapi/Attribute/{app}/Attribute@{template}.{attribute}`: one attribute.
 * @throws PlatformError `not_found` when there is no such attribute
 */
export function getAttribute(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  signal?: AbortSignal,
): Promise<AttributeModel> {
  return getTemplateChild(
    client,
    'Attribute',
    attributeModelSchema,
    { app, template, alias: attribute },
    signal,
  );
}

/**
 * `POST webapi/Attribute/{app}`: creates an attribute.
 * @param body - an `AttributeModel` with `globalAlias {owner: template, type: "Undefined", alias}`
 * @returns the new attribute's system name as the platform answers it (null when it answers none)
 */
export function createAttribute(
  client: PlatformClient,
  app: string,
  body: AttributeModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return createTemplateChild(client, 'Attribute', app, body, signal);
}

/**
 * `PUT webapi/Attribute/{app}`: replaces an attribute. The platform expects the whole model (a missing flag is
 * reset): merge the changes into the current model first.
 * @param body - the full `AttributeModel`
 */
export function updateAttribute(
  client: PlatformClient,
  app: string,
  body: AttributeModel,
  signal?: AbortSignal,
): Promise<void> {
  return updateTemplateChild(client, 'Attribute', app, body, signal);
}

/** `DELETE webapi/Attribute/{app}/Attribute@{template}.{attribute}`: deletes an attribute and its values. */
export function deleteAttribute(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  signal?: AbortSignal,
): Promise<void> {
  return deleteTemplateChild(client, 'Attribute', { app, template, alias: attribute }, signal);
}

/**
 * `PUT webapi/Attribute/{app}/Attribute@{template}.{attribute}/Disable|Enable` (body: the JSON literal `null`):
 * archives or unarchives an attribute.
 * @param archived - true to archive (Disable), false to unarchive (Enable)
 */
export function setAttributeArchived(
  client: PlatformClient,
  app: string,
  template: string,
  attribute: string,
  archived: boolean,
  signal?: AbortSignal,
): Promise<void> {
  return setTemplateChildArchived(
    client,
    'Attribute',
    { app, template, alias: attribute },
    archived,
    null,
    signal,
  );
}
