import type { PlatformClient } from '../platform-client.js';
import { formModelSchema, type FormModel } from '../schemas/form-model.js';
import {
  createTemplateChild,
  deleteTemplateChild,
  getTemplateChild,
  listTemplateChildren,
  updateTemplateChild,
  type TemplateChildAddress,
} from './template-child-api.js';

/**
 * `GET webapi/Form/List/Template@{app}.{template}`: the forms (формы) of a template.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export function listForms(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<FormModel[]> {
  return listTemplateChildren(client, 'Form', formModelSchema, app, template, signal);
}

/**
 * `GET webapi/Form/{app}/Form@{template}.{form}`: one form with its component tree.
 * @throws PlatformError `not_found`
 */
export function getForm(
  client: PlatformClient,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<FormModel> {
  return getTemplateChild(client, 'Form', formModelSchema, at, signal);
}

/** `POST webapi/Form/{app}`: creates a form (a minimal body or a whole one with its `root`). */
export function createForm(
  client: PlatformClient,
  app: string,
  body: FormModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return createTemplateChild(client, 'Form', app, body, signal);
}

/** `PUT webapi/Form/{app}`: replaces a form's settings (send the whole merged model). */
export function updateForm(client: PlatformClient, app: string, body: FormModel, signal?: AbortSignal) {
  return updateTemplateChild(client, 'Form', app, body, signal);
}

/** `DELETE webapi/Form/{app}/Form@{template}.{form}`: deletes a form (structural edits re-create it). */
export function deleteForm(client: PlatformClient, at: TemplateChildAddress, signal?: AbortSignal) {
  return deleteTemplateChild(client, 'Form', at, signal);
}
