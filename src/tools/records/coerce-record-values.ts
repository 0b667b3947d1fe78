import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { ToolFailure } from '../tool-failure.js';

/** A value the tool was given that it will not send, and why. */
export interface SkippedValue {
  readonly attribute: string;
  readonly reason: string;
}

/** What {@link coerceRecordValues} makes of the tool's `values`. */
export interface CoercedValues {
  /** The body to send: exact attribute aliases → wire values (`null` clears a value on edit). */
  readonly body: Record<string, unknown>;
  /** Values left out: system or calculated attributes, empty values on create. */
  readonly skipped: SkippedValue[];
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on', 'да']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', 'нет']);

/**
 * Turns `{attribute: value}` as the model gives it into the flat record body the platform takes
 * (platform-api.md §3.4): keys are matched to the template's attributes exactly or ignoring case (the platform
 * silently ignores a wrong-cased key, so the tool fixes the case instead); unknown keys are refused; system
 * attributes (except `_color`) and calculated ones are skipped; values are converted per type — numbers for
 * Decimal, booleans, ISO date strings, ids (from `"123"` or `{"id": "123"}`) for links, accounts, roles, enum
 * values, documents and images, arrays for multi-value attributes. An empty value (`null`, `""`, `[]`) clears
 * the attribute on edit and is left out on create.
 * @param values - the tool input
 * @param attributes - the template's attributes
 * @param operation - create or edit
 * @throws ToolFailure naming the attribute and what is wrong
 */
export function coerceRecordValues(
  values: Readonly<Record<string, unknown>>,
  attributes: readonly AttributeModel[],
  operation: 'create' | 'edit',
): CoercedValues {
  const byAlias = new Map<string, AttributeModel>();
  for (const a of attributes) if (a.globalAlias?.alias) byAlias.set(a.globalAlias.alias, a);
  const body: Record<string, unknown> = {};
  const skipped: SkippedValue[] = [];
  const unknown: string[] = [];

  for (const [key, value] of Object.entries(values)) {
    const attribute = byAlias.get(key) ?? findIgnoringCase(byAlias, key);
    const alias = attribute?.globalAlias?.alias;
    if (!attribute || !alias) {
      unknown.push(key);
      continue;
    }
    if (attribute.isSystem === true && alias !== '_color') {
      skipped.push({ attribute: alias, reason: 'system attribute (set by the platform)' });
      continue;
    }
    if (attribute.isCalculated === true) {
      skipped.push({ attribute: alias, reason: 'calculated attribute (its expression sets it)' });
      continue;
    }
    if (isEmpty(value)) {
      if (operation === 'edit') body[alias] = null;
      else skipped.push({ attribute: alias, reason: 'empty value' });
      continue;
    }
    body[alias] = coerceAttributeValue(attribute, alias, value);
  }

  if (unknown.length > 0) {
    const known = [...byAlias.values()]
      .filter((a) => a.isSystem !== true || a.globalAlias?.alias === '_color')
      .map((a) => a.globalAlias?.alias)
      .join(', ');
    throw new ToolFailure(
      `The template has no attribute ${unknown.join(', ')}. Its attributes are: ${known}. Call list_attributes for their types.`,
    );
  }
  return { body, skipped };
}

function findIgnoringCase(byAlias: Map<string, AttributeModel>, key: string): AttributeModel | undefined {
  const lower = key.toLowerCase();
  const found = [...byAlias.entries()].filter(([alias]) => alias.toLowerCase() === lower);
  return found.length === 1 ? found[0]?.[1] : undefined;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function coerceAttributeValue(attribute: AttributeModel, alias: string, value: unknown): unknown {
  if (attribute.isMultiValue === true) {
    const items = Array.isArray(value) ? value : [value];
    return items.filter((v) => !isEmpty(v)).map((v) => coerceOne(attribute, alias, v));
  }
  if (Array.isArray(value)) {
    if (value.length > 1)
      throw new ToolFailure(`${alias} stores one value; give one, not a list of ${value.length}.`);
    return coerceOne(attribute, alias, value[0]);
  }
  return coerceOne(attribute, alias, value);
}

function coerceOne(attribute: AttributeModel, alias: string, raw: unknown): unknown {
  const type = attribute.type ?? '';
  const value = idOf(raw);
  switch (type) {
    case 'Boolean': {
      if (typeof value === 'boolean') return value;
      const text = String(value).trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      throw new ToolFailure(
        `${alias} is a yes/no attribute; give true or false, not ${JSON.stringify(raw)}.`,
      );
    }
    case 'Decimal':
    case 'Integer':
    case 'Double': {
      const number =
        typeof value === 'number'
          ? value
          : Number(
              String(value)
                .replace(/[\s\u00a0]/g, '')
                .replace(',', '.'),
            );
      if (typeof value === 'boolean' || !Number.isFinite(number))
        throw new ToolFailure(`${alias} is a number attribute; give a number, not ${JSON.stringify(raw)}.`);
      return number;
    }
    case 'DateTime': {
      const text = String(value).trim();
      if (typeof value !== 'string' || Number.isNaN(Date.parse(text)))
        throw new ToolFailure(
          `${alias} is a date/time attribute; give an ISO 8601 date such as "2025-10-03" or "2025-10-03T08:44:21Z", not ${JSON.stringify(raw)}.`,
        );
      return text;
    }
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new ToolFailure(
        `${alias} (${type || 'unknown type'}) takes a text or an id, not ${JSON.stringify(raw)}.`,
      );
  }
}

/** `{"id": "123"}` → `"123"`; anything else as it is. */
function idOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value) return value.id;
  return value;
}
