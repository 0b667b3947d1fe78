import type { PlatformState, RecordEntity, TemplateEntity } from './platform-state.js';
import { bindModel } from './bind-model.js';
import { read } from './field-readers.js';
import { recordToWire, recordValue, writeRecordValues } from './record-values.js';
import { requireTemplateByPath } from './require-entity.js';
import { systemCoreRoute, webApiRoute, type Route, type RouteContext } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

function requireRecord(state: PlatformState, id: string): RecordEntity {
  const record = state.records.get(id);
  if (!record) throw WebApiFailure.objectDoesNotExist();
  return record;
}

function requireTemplateOf(state: PlatformState, record: RecordEntity): TemplateEntity {
  const template = state.templates.get(record.templateId);
  if (!template) throw WebApiFailure.objectDoesNotExist();
  return template;
}

function buildRecord(context: RouteContext, template: TemplateEntity, body: unknown): RecordEntity {
  const { state } = context;
  const now = context.now();
  const record: RecordEntity = {
    id: state.nextObjectId(),
    templateId: template.id,
    values: new Map(),
    creator: context.accountId,
    creationDate: now,
    lastWriteDate: now,
    isDisabled: false,
  };
  writeRecordValues(state, template, record, body ?? {});
  return record;
}

function requireIdList(body: unknown): string[] {
  if (!Array.isArray(body)) throw WebApiFailure.nullArgument('recordIds');
  return body.map((id) => String(id));
}

function setDisabledMany(disabled: boolean) {
  return ({ state, body, now }: RouteContext): null => {
    const records = requireIdList(body).map((id) => requireRecord(state, id));
    for (const record of records) {
      record.isDisabled = disabled;
      record.lastWriteDate = now();
    }
    return null;
  };
}

function setDisabled(disabled: boolean) {
  return ({ state, params, now }: RouteContext): null => {
    const record = requireRecord(state, params.recordId ?? '');
    record.isDisabled = disabled;
    record.lastWriteDate = now();
    return null;
  };
}

/** Records: list, create (single and batch), read, partial edit, delete, archive/unarchive. */
export const recordRoutes: Route[] = [
  webApiRoute(
    'GET',
    '/webapi/Records/{templateGlobalAlias}',
    'list the non-archived records of a template (keys camel-cased)',
    ({ state, params }) => {
      const { template } = requireTemplateByPath(state, params.templateGlobalAlias ?? '');
      return [...state.records.values()]
        .filter((record) => record.templateId === template.id && !record.isDisabled)
        .map((record) => recordToWire(state, record));
    },
  ),
  webApiRoute(
    'POST',
    '/webapi/Records/{templateGlobalAlias}',
    'create several records (array body); response = their ids',
    (context) => {
      const { template } = requireTemplateByPath(context.state, context.params.templateGlobalAlias ?? '');
      if (!Array.isArray(context.body)) throw WebApiFailure.nullArgument('records');
      const records = context.body.map((item) => buildRecord(context, template, item));
      for (const record of records) context.state.records.set(record.id, record);
      return records.map((record) => record.id);
    },
  ),
  webApiRoute('PUT', '/webapi/Records/Disable', 'archive records (body: id array)', setDisabledMany(true)),
  webApiRoute('PUT', '/webapi/Records/Enable', 'unarchive records (body: id array)', setDisabledMany(false)),
  webApiRoute('DELETE', '/webapi/Records', 'delete records (body: id array)', ({ state, body }) => {
    const records = requireIdList(body).map((id) => requireRecord(state, id));
    for (const record of records) state.records.delete(record.id);
    return null;
  }),
  webApiRoute(
    'POST',
    '/webapi/Record/{templateGlobalAlias}',
    'create a record from a flat {alias: value} body; response = the new numeric id',
    (context) => {
      const { template } = requireTemplateByPath(context.state, context.params.templateGlobalAlias ?? '');
      const record = buildRecord(context, template, context.body);
      context.state.records.set(record.id, record);
      return record.id;
    },
  ),
  webApiRoute(
    'GET',
    '/webapi/Record/{recordId}',
    'get a record (or an account.N); unknown id → HTTP 404',
    ({ state, params }) => {
      const id = params.recordId ?? '';
      const account = state.accounts.get(id);
      if (account)
        return {
          id: account.id,
          username: account.username,
          fullName: account.fullName,
          mbox: account.mbox,
          isActive: account.isActive,
        };
      return recordToWire(state, requireRecord(state, id));
    },
  ),
  webApiRoute(
    'PUT',
    '/webapi/Record/{recordId}',
    'edit a record: partial merge of the given attributes; unknown keys ignored',
    (context) => {
      const record = requireRecord(context.state, context.params.recordId ?? '');
      writeRecordValues(context.state, requireTemplateOf(context.state, record), record, context.body);
      record.lastWriteDate = context.now();
      return null;
    },
  ),
  webApiRoute('DELETE', '/webapi/Record/{recordId}', 'delete a record', ({ state, params }) => {
    state.records.delete(requireRecord(state, params.recordId ?? '').id);
    return null;
  }),
  webApiRoute('PUT', '/webapi/Record/{recordId}/Disable', 'archive a record', setDisabled(true)),
  webApiRoute('PUT', '/webapi/Record/{recordId}/Enable', 'unarchive a record', setDisabled(false)),
  systemCoreRoute(
    '/TeamNetwork/ObjectService/GetPropertyValues',
    'values of {objects, propertiesByAlias} → {recordId: {id, alias: value}} (exact aliases; unknown ones and ids left out)',
    ({ state, body }) => {
      const bound = bindModel(body, ['objects', 'propertiesByAlias']);
      const objects = read.array(bound?.objects, 'objects');
      const aliases = read.array(bound?.propertiesByAlias, 'propertiesByAlias') ?? [];
      if (!objects) throw WebApiFailure.nullArgument('objects');
      const result: Record<string, Record<string, unknown>> = {};
      for (const object of objects) {
        const record = state.records.get(
          typeof object === 'string' ? object : typeof object === 'number' ? String(object) : '',
        );
        if (!record) continue;
        const values: Record<string, unknown> = { id: record.id };
        for (const alias of aliases) {
          if (typeof alias !== 'string') continue;
          const value = recordValue(record, alias);
          if (value !== undefined) values[alias] = value;
        }
        result[record.id] = values;
      }
      return result;
    },
  ),
];
