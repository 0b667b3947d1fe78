import type { PlatformClient } from '../platform-client.js';
import { toolbarModelSchema, type ToolbarModel } from '../schemas/toolbar-model.js';
import {
  createTemplateChild,
  getTemplateChild,
  listTemplateChildren,
  updateTemplateChild,
  type TemplateChildAddress,
} from './template-child-api.js';

/**
 * `GET webapi/Toolbar/List/Template@{app}.{template}`: the toolbars (панели инструментов) of a template.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export function listToolbars(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<ToolbarModel[]> {
  return listTemplateChildren(client, 'Toolbar', toolbarModelSchema, app, template, signal);
}

/**
 * `GET webapi/Toolbar/{app}/Toolbar@{template}.{toolbar}`: one toolbar with its items.
 * @throws PlatformError `not_found`
 */
export function getToolbar(
  client: PlatformClient,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<ToolbarModel> {
  return getTemplateChild(client, 'Toolbar', toolbarModelSchema, at, signal);
}

/** `POST webapi/Toolbar/{app}`: creates a toolbar. */
export function createToolbar(
  client: PlatformClient,
  app: string,
  body: ToolbarModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return createTemplateChild(client, 'Toolbar', app, body, signal);
}

/** `PUT webapi/Toolbar/{app}`: replaces a toolbar (send the whole merged model). */
export function updateToolbar(client: PlatformClient, app: string, body: ToolbarModel, signal?: AbortSignal) {
  return updateTemplateChild(client, 'Toolbar', app, body, signal);
}
