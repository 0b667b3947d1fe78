import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { PlatformError } from '../platform-error.js';
import { platformPath, type PlatformPath } from '../platform-path.js';

/**
 * The entities a template owns that the Web API serves with one route pattern (platform-api.md §3.6–3.9):
 * `GET webapi/{Type}/List/Template@{app}.{tpl}`, `GET|DELETE webapi/{Type}/{app}/{Type}@{tpl}.{alias}`,
 * `POST|PUT webapi/{Type}/{app}` (a PUT on the `{Type}@…` route is answered 405).
 */
export type TemplateChildType = 'Attribute' | 'Form' | 'Dataset' | 'Toolbar' | 'UserCommand';

/** Where one template-owned entity lives. */
export interface TemplateChildAddress {
  readonly app: string;
  readonly template: string;
  readonly alias: string;
}

const WHAT: Record<TemplateChildType, string> = {
  Attribute: 'attribute',
  Form: 'form',
  Dataset: 'dataset',
  Toolbar: 'toolbar',
  UserCommand: 'button',
};

function listPath(type: TemplateChildType, app: string, template: string): PlatformPath {
  switch (type) {
    case 'Attribute':
      return platformPath`webapi/Attribute/List/Template@${app}.${template}`;
    case 'Form':
      return platformPath`webapi/Form/List/Template@${app}.${template}`;
    case 'Dataset':
      return platformPath`webapi/Dataset/List/Template@${app}.${template}`;
    case 'Toolbar':
      return platformPath`webapi/Toolbar/List/Template@${app}.${template}`;
    case 'UserCommand':
      return platformPath`webapi/UserCommand/List/Template@${app}.${template}`;
  }
}

function entityPath(type: TemplateChildType, at: TemplateChildAddress): PlatformPath {
  switch (type) {
    case 'Attribute':
      return platformPath`webapi/Attribute/${at.app}/Attribute@${at.template}.${at.alias}`;
    case 'Form':
      return platformPath`webapi/Form/${at.app}/Form@${at.template}.${at.alias}`;
    case 'Dataset':
      return platformPath`webapi/Dataset/${at.app}/Dataset@${at.template}.${at.alias}`;
    case 'Toolbar':
      return platformPath`webapi/Toolbar/${at.app}/Toolbar@${at.template}.${at.alias}`;
    case 'UserCommand':
      return platformPath`webapi/UserCommand/${at.app}/UserCommand@${at.template}.${at.alias}`;
  }
}

function appPath(type: TemplateChildType, app: string): PlatformPath {
  switch (type) {
    case 'Attribute':
      return platformPath`webapi/Attribute/${app}`;
    case 'Form':
      return platformPath`webapi/Form/${app}`;
    case 'Dataset':
      return platformPath`webapi/Dataset/${app}`;
    case 'Toolbar':
      return platformPath`webapi/Toolbar/${app}`;
    case 'UserCommand':
      return platformPath`webapi/UserCommand/${app}`;
  }
}

/** The nullable list schema of each item schema, built once rather than on every call. */
const listSchemas = new WeakMap<z.ZodType, z.ZodType>();

function listSchemaOf<S extends z.ZodType>(schema: S): z.ZodNullable<z.ZodArray<S>> {
  let list = listSchemas.get(schema);
  if (!list) {
    list = z.array(schema).nullable();
    listSchemas.set(schema, list);
  }
  return list as z.ZodNullable<z.ZodArray<S>>;
}

/**
 * `GET webapi/{Type}/List/Template@{app}.{template}`: every entity of that type of a template.
 * @param client - the run's client
 * @param type - which entity
 * @param schema - the model's schema
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export async function listTemplateChildren<S extends z.ZodType>(
  client: PlatformClient,
  type: TemplateChildType,
  schema: S,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<z.output<S>[]> {
  const list = await client.webApi('GET', listPath(type, app, template), {
    schema: listSchemaOf(schema),
    signal,
  });
  return list ?? [];
}

/**
 * `GET webapi/{Type}/{app}/{Type}@{template}.{alias}`: one entity.
 * @throws PlatformError `not_found` when the platform has none by that name
 */
export async function getTemplateChild<S extends z.ZodType>(
  client: PlatformClient,
  type: TemplateChildType,
  schema: S,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<NonNullable<z.output<S>>> {
  const model: z.output<S> | null = await client.webApi('GET', entityPath(type, at), {
    schema: schema.nullable(),
    signal,
  });
  if (model === null || model === undefined) {
    throw new PlatformError(
      'not_found',
      `The platform has no ${WHAT[type]} ${at.alias} in template ${at.template} of application ${at.app}.`,
      { httpStatus: 200 },
    );
  }
  return model;
}

/**
 * `POST webapi/{Type}/{app}`: creates an entity; `body.globalAlias` names the template (`owner`) and the alias.
 * @returns the new entity's system name, as the platform answers it (null when it answers none)
 */
export async function createTemplateChild(
  client: PlatformClient,
  type: TemplateChildType,
  app: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', appPath(type, app), { body, schema: z.string().nullable(), signal });
}

/**
 * `PUT webapi/{Type}/{app}`: replaces an entity. The platform takes the whole model (what the body leaves out is
 * reset): merge the changes into the current model first.
 */
export async function updateTemplateChild(
  client: PlatformClient,
  type: TemplateChildType,
  app: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('PUT', appPath(type, app), { body, schema: z.unknown(), signal });
}

/** `DELETE webapi/{Type}/{app}/{Type}@{template}.{alias}`: deletes an entity. */
export async function deleteTemplateChild(
  client: PlatformClient,
  type: TemplateChildType,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('DELETE', entityPath(type, at), { schema: z.unknown(), signal });
}

/**
 * `PUT webapi/{Type}/{app}/{Type}@{template}.{alias}/Disable|Enable`: archives (Disable) or unarchives (Enable)
 * an entity.
 * @param archived - true to archive (Disable), false to unarchive (Enable)
 * @param body - what the route takes: the JSON literal `null` (attributes) or `{}` (buttons)
 */
export async function setTemplateChildArchived(
  client: PlatformClient,
  type: TemplateChildType,
  at: TemplateChildAddress,
  archived: boolean,
  body: null | Record<string, never>,
  signal?: AbortSignal,
): Promise<void> {
  const path = `${entityPath(type, at)}/${archived ? 'Disable' : 'Enable'}` as PlatformPath;
  await client.webApi('PUT', path, { body, schema: z.unknown(), signal });
}
