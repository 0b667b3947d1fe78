import { z } from 'zod';
import { listRecords } from '../../platform/api/records-api.js';
import type { PlatformRecord } from '../../platform/schemas/record-values.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { recordField, recordKey } from './record-keys.js';

const MAX_PAGE = 100;

/** `list_template_records`: the records (записи) of a template, filtered, projected, sorted and paged. */
export const listTemplateRecordsTool = defineTool({
  name: 'list_template_records',
  group: 'records',
  description:
    'List the records (RU: записи, данные) of a record template, at most 100 per call: optionally only some attributes, filtered by exact values, sorted, and paged with offset. Call list_attributes first to know the attribute system names. Record keys come back as the platform sends them (first letter lower-case, system keys such as id, _creator, _creationDate). Filtering, sorting and paging happen in the agent server after one read of the template. Archived records are not listed. Keep pages small and talk to the user between pages.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    attributes: z
      .array(z.string().trim().min(1).max(128))
      .max(100)
      .optional()
      .describe(
        'Attribute system names to return (the record id always comes too). Omit or [] for every attribute.',
      ),
    filters: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Exact-match filters {attribute system name: value}, all of which must hold, e.g. {"Status": "vv.40"} or {"Department": "1002"}. For multi-value attributes the value (or every value of a list) must be among the record\'s values. Record links, accounts and enum values are ids.',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE)
      .default(MAX_PAGE)
      .describe('Records per page, 1 to 100. Default 100.'),
    offset: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('How many records to skip (paging): 0 for the first page, then next_offset.'),
    sort_by: z
      .string()
      .trim()
      .max(128)
      .nullable()
      .default('creationDate')
      .describe(
        'Attribute system name to sort by; default "creationDate" (the record creation date). null keeps the platform order.',
      ),
    sort_desc: z.boolean().default(false).describe('Sort descending (newest first for dates).'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 24_000,
  run: async (input, { platform, signal }) => {
    const all = await listRecords(
      platform(),
      input.application_system_name,
      input.template_system_name,
      signal,
    );
    const filters = Object.entries(input.filters ?? {});
    const matching = all.filter((record) =>
      filters.every(([name, expected]) => matches(recordField(record, name), expected)),
    );
    const unknownFilters = filters
      .map(([name]) => name)
      .filter((name) => all.length > 0 && all.every((record) => recordKey(record, name) === undefined));

    const sortBy = input.sort_by?.trim() ? input.sort_by.trim() : undefined;
    const sorted =
      sortBy === undefined
        ? matching
        : [...matching].sort((a, b) =>
            compareValues(recordField(a, sortBy), recordField(b, sortBy), input.sort_desc),
          );
    const page = sorted.slice(input.offset, input.offset + input.limit);
    const projected =
      input.attributes && input.attributes.length > 0 ? page.map((r) => project(r, input.attributes!)) : page;
    const next = input.offset + page.length;
    return {
      application: input.application_system_name,
      template: input.template_system_name,
      total: matching.length,
      offset: input.offset,
      count: projected.length,
      ...(next < matching.length ? { next_offset: next } : {}),
      ...(unknownFilters.length > 0
        ? {
            warning: `No record has a value for ${unknownFilters.join(', ')}: check the system names with list_attributes.`,
          }
        : {}),
      records: projected,
    };
  },
});

function project(record: PlatformRecord, names: readonly string[]): PlatformRecord {
  const out: PlatformRecord = {};
  if ('id' in record) out.id = record.id;
  for (const name of names) {
    const key = recordKey(record, name);
    if (key !== undefined) out[key] = record[key];
  }
  return out;
}

/** Exact match, lenient on scalar types (`"1002"` matches 1002, `"true"` matches true) and list-aware. */
function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) {
    const wanted = Array.isArray(expected) ? expected : [expected];
    return wanted.every((w) => actual.some((a) => sameScalar(a, w)));
  }
  if (Array.isArray(expected)) return expected.length === 1 && sameScalar(actual, expected[0]);
  return sameScalar(actual, expected);
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  const id = (v: unknown): unknown => (typeof v === 'object' && v !== null && 'id' in v ? v.id : v);
  const x = id(a);
  const y = id(b);
  if (typeof x === 'object' || typeof y === 'object') return JSON.stringify(x) === JSON.stringify(y);
  return scalarText(x) === scalarText(y);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Orders values: numbers numerically, text (ISO dates included) by code points; records without a value come
 * last in both directions.
 */
function compareValues(a: unknown, b: unknown, descending: boolean): number {
  const missingA = a === undefined || a === null || a === '';
  const missingB = b === undefined || b === null || b === '';
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  let order: number;
  if (typeof a === 'number' && typeof b === 'number') order = a - b;
  else {
    const x = typeof a === 'string' ? a : JSON.stringify(a);
    const y = typeof b === 'string' ? b : JSON.stringify(b);
    order = x < y ? -1 : x > y ? 1 : 0;
  }
  return descending ? -order : order;
}
