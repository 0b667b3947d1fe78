import type { WireObject } from './platform-state.js';

/** Whether a value is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Binds a JSON body to a model the way the platform's JSON.NET binder does: property names match
 * case-insensitively (`IsDefaultForForms` sets `isDefaultForForms`), when a name appears in several casings
 * the one later in the document wins, unknown keys are dropped and a `null` value unsets the property.
 * Returns undefined when the body is not a JSON object.
 */
export function bindModel(source: unknown, keys: readonly string[]): WireObject | undefined {
  if (!isJsonObject(source)) return undefined;
  const canonical = new Map(keys.map((key) => [key.toLowerCase(), key]));
  const out: WireObject = {};
  for (const [key, value] of Object.entries(source)) {
    const name = canonical.get(key.toLowerCase());
    if (name === undefined) continue;
    if (value === null || value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}

/** A bound `GlobalAlias` (`{type, owner, alias, solution}`), or undefined when absent or not an object. */
export interface GlobalAliasModel {
  type?: string;
  owner?: string;
  alias?: string;
  solution?: string;
}

/** Binds a `GlobalAlias` case-insensitively; non-string members are dropped. */
export function bindGlobalAlias(source: unknown): GlobalAliasModel | undefined {
  const bound = bindModel(source, ['type', 'owner', 'alias', 'solution']);
  if (!bound) return undefined;
  const out: GlobalAliasModel = {};
  for (const key of ['type', 'owner', 'alias', 'solution'] as const) {
    const value = bound[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Finds an enum member case-insensitively (JSON.NET's StringEnumConverter); undefined when not a member. */
export function canonicalEnum(value: unknown, members: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return members.find((member) => member.toLowerCase() === lower);
}
