import type { PlatformClient } from '../platform-client.js';
import { datasetModelSchema, type DatasetModel } from '../schemas/dataset-model.js';
import {
  createTemplateChild,
  getTemplateChild,
  listTemplateChildren,
  updateTemplateChild,
  type TemplateChildAddress,
} from './template-child-api.js';

/**
 * `GET webapi/Dataset/List/Template@{app}.{template}`: the datasets (таблицы, списки) of a template.
 * @param client - the run's client
 * @param app - application system name
 * @param template - template system name
 * @param signal - the run's signal
 */
export function listDatasets(
  client: PlatformClient,
  app: string,
  template: string,
  signal?: AbortSignal,
): Promise<DatasetModel[]> {
  return listTemplateChildren(client, 'Dataset', datasetModelSchema, app, template, signal);
}

/**
 * `GET webapi/Dataset/{app}/Dataset@{template}.{dataset}`: one dataset.
 * @throws PlatformError `not_found`
 */
export function getDataset(
  client: PlatformClient,
  at: TemplateChildAddress,
  signal?: AbortSignal,
): Promise<DatasetModel> {
  return getTemplateChild(client, 'Dataset', datasetModelSchema, at, signal);
}

/** `POST webapi/Dataset/{app}`: creates a dataset. */
export function createDataset(
  client: PlatformClient,
  app: string,
  body: DatasetModel,
  signal?: AbortSignal,
): Promise<string | null> {
  return createTemplateChild(client, 'Dataset', app, body, signal);
}

/**
 * `PUT webapi/Dataset/{app}` (never the `Dataset@…` route, which answers 405): replaces a dataset; send the whole
 * merged model with its `globalAlias` (without it the platform fails with `Value cannot be null`).
 */
export function updateDataset(client: PlatformClient, app: string, body: DatasetModel, signal?: AbortSignal) {
  return updateTemplateChild(client, 'Dataset', app, body, signal);
}
