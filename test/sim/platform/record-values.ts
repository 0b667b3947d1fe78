import { isJsonObject } from './bind-model.js';
import type {
  AttributeEntity,
  PlatformState,
  RecordEntity,
  TemplateEntity,
  WireObject,
} from './platform-state.js';
import { toCamelCase } from './to-camel-case.js';
import { WebApiFailure } from './web-api-failure.js';

/** ISO 8601 UTC without milliseconds, as the platform writes dates (`2025-10-03T08:44:21Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function failValue(attribute: AttributeEntity, value: unknown, why: string): WebApiFailure {
  return WebApiFailure.invalid(
    `Invalid value ${JSON.stringify(value)} for attribute ${attribute.alias}: ${why}`,
  );
}

function idOf(value: unknown): unknown {
  return isJsonObject(value) && 'id' in value ? value.id : value;
}

function linkedTemplate(
  state: PlatformState,
  template: TemplateEntity,
  attribute: AttributeEntity,
): TemplateEntity | undefined {
  const link = attribute.model.instanceGlobalAlias;
  if (!isJsonObject(link)) return undefined;
  const alias = link.type === 'Attribute' ? link.owner : link.alias;
  return typeof alias === 'string' ? state.templateByAlias(template.solutionId, alias) : undefined;
}

function coerceOne(
  state: PlatformState,
  template: TemplateEntity,
  attribute: AttributeEntity,
  value: unknown,
): unknown {
  const type = attribute.model.type;
  switch (type) {
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw failValue(attribute, value, 'not a boolean');
    case 'Decimal':
    case 'Integer':
    case 'Double': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw failValue(attribute, value, 'Input string was not in a correct format.');
      return number;
    }
    case 'DateTime': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(time)) throw failValue(attribute, value, 'not a date/time');
      return isoSeconds(new Date(time));
    }
    case 'Enum': {
      const text = String(idOf(value));
      if ([...attribute.variantIds.values()].includes(text)) return text;
      const byAlias = attribute.variantIds.get(text);
      if (byAlias !== undefined) return byAlias;
      throw failValue(attribute, value, 'no such enum value');
    }
    case 'Instance': {
      const id = String(idOf(value));
      const record = state.records.get(id);
      const target = linkedTemplate(state, template, attribute);
      if (!record || (target && record.templateId !== target.id))
        throw failValue(attribute, value, `no such record in ${target?.alias ?? 'the linked template'}`);
      return id;
    }
    case 'Account': {
      const id = String(idOf(value));
      if (!state.accounts.has(id)) throw failValue(attribute, value, 'no such account');
      return id;
    }
    case 'Role': {
      const id = String(idOf(value));
      if (!state.roles.has(id)) throw failValue(attribute, value, 'no such role');
      return id;
    }
    case 'Document': {
      const id = String(idOf(value));
      if (!state.documents.has(id)) throw failValue(attribute, value, 'no such document');
      return id;
    }
    case 'Image': {
      const id = String(idOf(value));
      if (!state.images.has(id)) throw failValue(attribute, value, 'no such image');
      return id;
    }
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw failValue(attribute, value, 'not a string');
  }
}

/**
 * Applies a flat `{alias: value}` record body (create or partial edit, platform-api.md §3.4, §7.3): keys match
 * attribute aliases exactly — unknown or wrong-cased keys are silently ignored, as are read-only system
 * attributes (`_color` is writable) and calculated ones; `null`/`""` clears a value; values are converted per
 * type and checked (numbers, ISO dates, `vv.N` or the variant alias, existing records/accounts/roles/documents/
 * images); multi-value attributes take arrays; `isUnique` is enforced. All-or-nothing: throws before writing.
 */
export function writeRecordValues(
  state: PlatformState,
  template: TemplateEntity,
  record: RecordEntity,
  body: unknown,
): void {
  if (!isJsonObject(body)) throw WebApiFailure.nullArgument('record');
  const attributes = state.childrenOf(state.attributes, template.id);
  const changes = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) {
    const attribute = attributes.find((candidate) => candidate.alias === key);
    if (!attribute) continue;
    if (attribute.model.isSystem === true && attribute.alias !== '_color') continue;
    if (attribute.model.isCalculated === true) continue;
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      changes.set(key, undefined);
      continue;
    }
    const multi = attribute.model.isMultiValue === true;
    if (Array.isArray(value)) {
      if (!multi && value.length > 1)
        throw failValue(attribute, value, 'the attribute stores a single value');
      const items = value.map((item) => coerceOne(state, template, attribute, item));
      changes.set(key, multi ? items : items[0]);
    } else {
      const item = coerceOne(state, template, attribute, value);
      changes.set(key, multi ? [item] : item);
    }
  }
  for (const [key, value] of changes) {
    const attribute = attributes.find((candidate) => candidate.alias === key);
    if (attribute?.model.isUnique !== true || value === undefined) continue;
    for (const other of state.records.values())
      if (other.templateId === template.id && other.id !== record.id && other.values.get(key) === value)
        throw WebApiFailure.invalid(
          `The value ${JSON.stringify(value)} of the unique attribute ${key} is already used by record ${other.id}`,
        );
  }
  for (const [key, value] of changes) {
    if (value === undefined) record.values.delete(key);
    else record.values.set(key, value);
  }
}

/**
 * A record as `Records` and `GET Record/{id}` return it: system keys first (`_isDisabled` only while archived),
 * then attribute values in attribute order with Json.NET camel-cased keys (platform-api.md §3.4).
 */
export function recordToWire(state: PlatformState, record: RecordEntity): WireObject {
  const out: WireObject = {
    id: record.id,
    _creator: record.creator,
    _creationDate: record.creationDate,
    _lastWriteDate: record.lastWriteDate,
  };
  if (record.isDisabled) out._isDisabled = true;
  for (const attribute of state.childrenOf(state.attributes, record.templateId)) {
    const value = record.values.get(attribute.alias);
    if (value !== undefined) out[toCamelCase(attribute.alias)] = value;
  }
  return out;
}

/** A record value by exact alias, including the system values (`id`, `_creator`, …) — for GetPropertyValues. */
export function recordValue(record: RecordEntity, alias: string): unknown {
  switch (alias) {
    case 'id':
      return record.id;
    case '_creator':
      return record.creator;
    case '_creationDate':
      return record.creationDate;
    case '_lastWriteDate':
      return record.lastWriteDate;
    case '_isDisabled':
      return record.isDisabled;
    default:
      return record.values.get(alias);
  }
}
