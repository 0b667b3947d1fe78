import type { JsonSchema } from './clean-swagger-schema.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites a request body the way the platform's JSON.NET binder reads it, so it can be validated like the
 * server sees it: property names declared by the schema match case-insensitively (the later duplicate wins,
 * e.g. the toolbar tool's PascalCase `IsDefaultForForms` after the camelCase one) and enum strings match
 * case-insensitively (`"png"` → `"Png"`). Undeclared properties are kept as they are. `resolve` maps a `$ref`
 * to its schema.
 */
export function normalizeForBinding(
  value: unknown,
  schema: JsonSchema | undefined,
  resolve: (ref: string) => JsonSchema | undefined,
  depth = 0,
): unknown {
  if (!schema || depth > 64) return value;
  if (typeof schema.$ref === 'string')
    return normalizeForBinding(value, resolve(schema.$ref), resolve, depth + 1);
  if (Array.isArray(schema.anyOf)) {
    const branch = (schema.anyOf as JsonSchema[]).find((part) => part.type !== 'null');
    return value === null ? value : normalizeForBinding(value, branch, resolve, depth + 1);
  }
  if (typeof value === 'string' && Array.isArray(schema.enum)) {
    const lower = value.toLowerCase();
    return (
      (schema.enum as unknown[]).find(
        (member) => typeof member === 'string' && member.toLowerCase() === lower,
      ) ?? value
    );
  }
  if (Array.isArray(value) && isObject(schema.items))
    return value.map((item) => normalizeForBinding(item, schema.items as JsonSchema, resolve, depth + 1));
  if (!isObject(value)) return value;
  const properties = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const canonical = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
  const additional = isObject(schema.additionalProperties)
    ? (schema.additionalProperties as JsonSchema)
    : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = canonical.get(key.toLowerCase());
    if (name !== undefined) out[name] = normalizeForBinding(item, properties[name], resolve, depth + 1);
    else out[key] = additional ? normalizeForBinding(item, additional, resolve, depth + 1) : item;
  }
  return out;
}
