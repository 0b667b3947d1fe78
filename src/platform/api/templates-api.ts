import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import { templateInfoSchema, type TemplateInfo } from '../schemas/template-info.js';

/** The template kinds the Web API lists, by their route names. */
export type TemplateRoute = 'RecordTemplate' | 'ProcessTemplate' | 'AccountTemplate';

const templateList = z
  .array(templateInfoSchema)
  .nullable()
  .transform((list) => list ?? []);

/**
 * `GET webapi/{RecordTemplate|ProcessTemplate|AccountTemplate}/List/{app}`: the templates of one kind.
 * @param client - the run's client
 * @param route - which kind
 * @param app - application system name
 * @param signal - the run's signal
 */
export async function listTemplates(
  client: PlatformClient,
  route: TemplateRoute,
  app: string,
  signal?: AbortSignal,
): Promise<TemplateInfo[]> {
  switch (route) {
    case 'RecordTemplate':
      return client.webApi('GET', platformPath`webapi/RecordTemplate/List/${app}`, {
        schema: templateList,
        signal,
      });
    case 'ProcessTemplate':
      return client.webApi('GET', platformPath`webapi/ProcessTemplate/List/${app}`, {
        schema: templateList,
        signal,
      });
    case 'AccountTemplate':
      return client.webApi('GET', platformPath`webapi/AccountTemplate/List/${app}`, {
        schema: templateList,
        signal,
      });
  }
}

/**
 * A record template found in its application's list (the Web API's single-template GET is not used by the
 * original tools, and the list is what edits merge from).
 * @returns the template, or undefined when the application has none by that system name
 */
export async function findRecordTemplate(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<TemplateInfo | undefined> {
  const list = await listTemplates(client, 'RecordTemplate', app, signal);
  return list.find((t) => t.globalAlias?.alias === template);
}

/**
 * `POST webapi/RecordTemplate/{app}`: creates a record template.
 * @param body - a `TemplateInfoModel`: at least `globalAlias {type: "RecordTemplate", alias}` and `name`
 * @returns the new template's system name as the platform answers it (null when it answers none)
 */
export async function createRecordTemplate(
  client: PlatformClient,
  app: string,
  body: TemplateInfo,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', platformPath`webapi/RecordTemplate/${app}`, {
    body,
    schema: z.string().nullable(),
    signal,
  });
}

/**
 * `PUT webapi/RecordTemplate/{app}`: replaces a record template's settings. The platform expects the whole
 * model: merge the changes into the current one first.
 * @param body - the full `TemplateInfoModel`
 */
export async function updateRecordTemplate(
  client: PlatformClient,
  app: string,
  body: TemplateInfo,
  signal?: AbortSignal,
): Promise<void> {
  await client.webApi('PUT', platformPath`webapi/RecordTemplate/${app}`, {
    body,
    schema: z.unknown(),
    signal,
  });
}
