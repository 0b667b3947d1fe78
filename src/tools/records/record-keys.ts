import type { PlatformRecord } from '../../platform/schemas/record-values.js';

/**
 * The key of a record that a user's attribute name means. Records are read with the first letter of each alias
 * lower-cased (`WorkStatus` comes back as `workStatus`) and system keys start with `_` (`_creationDate`), so the
 * lookup is: exact, then ignoring case, then with a leading `_` added or removed.
 * @param record - a record as listed
 * @param name - the attribute system name the user gave
 * @returns the record's key, or undefined when the record has no such key
 */
export function recordKey(record: PlatformRecord, name: string): string | undefined {
  if (name in record) return name;
  const keys = Object.keys(record);
  const lower = name.toLowerCase();
  const bare = lower.replace(/^_+/, '');
  return (
    keys.find((k) => k.toLowerCase() === lower) ??
    keys.find((k) => k.toLowerCase().replace(/^_+/, '') === bare)
  );
}

/**
 * The value of a record for a user's attribute name (see {@link recordKey}).
 * @param record - a record as listed
 * @param name - the attribute system name
 */
export function recordField(record: PlatformRecord, name: string): unknown {
  const key = recordKey(record, name);
  return key === undefined ? undefined : record[key];
}
