import type { PlatformClient } from '../platform-client.js';
import { userCommandModelSchema, type UserCommandModel } from '../schemas/user-command-model.js';
import {
  createTemplateChild,
  getTemplateChild,
  listTemplateChildren,
  setTemplateChildArchived,
  updateTemplateChild,
  type TemplateChildAddress,
} from './template-child-api.js';

/**
 * `GET webapi/UserCommand/List/Template@{app}.{template}`: the buttons (кнопки) of a template, system ones
 * (create, edit, archive, delete, unarchive) included.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export function listButtons(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<UserCommandModel[]> {
  return listTemplateChildren(client, 'UserCommand', userCommandModelSchema, app, template, signal);
}

/**
 * `GET webapi/UserCommand/{app}/UserCommand@{template}.{button}`: one button.
 * @throws PlatformError `not_found`
 */
export function getButton(
  client: PlatformClient,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<UserCommandModel> {
  return getTemplateChild(client, 'UserCommand', userCommandModelSchema, at, signal);
}

/** `POST webapi/UserCommand/{app}`: creates a button. */
export function createButton(
  client: PlatformClient,
  app: string,
  body: UserCommandModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return createTemplateChild(client, 'UserCommand', app, body, signal);
}

/** `PUT webapi/UserCommand/{app}`: replaces a button (send the whole merged model). */
export function updateButton(
  client: PlatformClient,
  app: string,
  body: UserCommandModel,
  signal?: AbortSignal,
) {
  return updateTemplateChild(client, 'UserCommand', app, body, signal);
}

/**
 * `PUT webapi/UserCommand/{app}/UserCommand@{template}.{button}/Disable|Enable` with body `{}`: archives or
 * unarchives a button. (The spec's summaries of these two routes are swapped; Disable archives, as for every
 * other entity — platform-api.md §3.9.)
 * @param archived - true to archive (Disable), false to unarchive (Enable)
 */
export function setButtonArchived(
  client: PlatformClient,
  at: TemplateChildAddress,
  archived: boolean,
  signal?: AbortSignal,
): Promise<void> {
  return setTemplateChildArchived(client, 'UserCommand', at, archived, {}, signal);
}
