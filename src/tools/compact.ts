/**
 * A copy of an object without null, undefined and empty-string values (one level), so results stay short.
 * @param value - the object
 */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined || item === '') continue;
    out[key] = item;
  }
  return out as Partial<T>;
}
