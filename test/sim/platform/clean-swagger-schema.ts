/** A JSON Schema node as Ajv receives it. */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema keywords kept from a Swagger 2.0 schema (everything else — `x-*`, `readOnly`, `example`, `id`, … — is dropped). */
const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'enum',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
]);

/** A definition name made safe for a URI fragment (`WebApiResponse[System.String]` → `WebApiResponse_5b_System.String_5d_`). */
export function safeDefinitionName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, (char) => `_${char.charCodeAt(0).toString(16)}_`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a Swagger 2.0 (draft-04 subset) schema into one Ajv compiles with `strict: false`, for the document
 * registered under `documentId`:
 * - `$ref`s (`#/definitions/X`, and the bare `X` of system_core_api.json) become `<documentId>#/definitions/<safe X>`;
 *   keywords beside a `$ref` are dropped, as Swagger 2.0 ignores them;
 * - `type: "any"` and the non-standard property-level `required: true|false` are dropped (the platform does not
 *   require those properties on input and omits nulls on output);
 * - a bare `{type: "object"}` (.NET `System.Object`: record values, `response` of PUTs, byte streams) accepts any JSON;
 * - every property also accepts `null` (the spec marks nothing nullable; `response` is null on PUTs).
 */
export function cleanSwaggerSchema(schema: unknown, documentId: string): JsonSchema {
  if (!isObject(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : ref;
    return { $ref: `${documentId}#/definitions/${safeDefinitionName(name)}` };
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT_KEYWORDS.has(key)) continue;
    if (key === 'type' && (value === 'any' || value === 'file')) continue;
    if (key === 'required' && !Array.isArray(value)) continue;
    out[key] = value;
  }
  if (isObject(schema.items)) out.items = cleanSwaggerSchema(schema.items, documentId);
  if (isObject(schema.additionalProperties))
    out.additionalProperties = cleanSwaggerSchema(schema.additionalProperties, documentId);
  else if (typeof schema.additionalProperties === 'boolean')
    out.additionalProperties = schema.additionalProperties;
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = schema[combinator];
    if (Array.isArray(parts)) out[combinator] = parts.map((part) => cleanSwaggerSchema(part, documentId));
  }
  if (isObject(schema.properties)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const cleaned = cleanSwaggerSchema(property, documentId);
      properties[name] = Object.keys(cleaned).length === 0 ? cleaned : { anyOf: [{ type: 'null' }, cleaned] };
    }
    out.properties = properties;
  }
  const keys = Object.keys(out);
  if (keys.length === 1 && out.type === 'object') return {};
  if (
    keys.length === 2 &&
    out.type === 'object' &&
    isObject(out.additionalProperties) &&
    Object.keys(out.additionalProperties).length === 0
  )
    return { type: 'object' };
  return out;
}

/**
 * Cleans every definition of a Swagger document, keyed by safe name. Definitions that are only a `$ref` to
 * themselves (three in system_core_api.json) accept anything.
 */
export function cleanSwaggerDefinitions(
  definitions: Record<string, unknown>,
  documentId: string,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const safe = safeDefinitionName(name);
    if (safe in out) throw new Error(`OpenAPI definition names collide after escaping: ${name}`);
    const ref = isObject(definition) ? definition.$ref : undefined;
    const selfReference = ref === name || ref === `#/definitions/${name}`;
    out[safe] = selfReference ? {} : cleanSwaggerSchema(definition, documentId);
  }
  return out;
}
