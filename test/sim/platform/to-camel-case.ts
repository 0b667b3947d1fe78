/**
 * Json.NET's `CamelCasePropertyNamesContractResolver` naming, which the platform applies to record
 * dictionaries on read (`WorkStatus_calc` comes back as `workStatus_calc`, platform-api.md §3.4): a leading
 * run of upper-case letters is lowered, except the last one of the run when a lower-case letter follows
 * (`VINCode` → `vinCode`, `VIN` → `vin`, `ФИО` → `фио`). Names not starting upper-case are unchanged.
 */
export function toCamelCase(name: string): string {
  const chars = [...name];
  const first = chars[0];
  if (first === undefined || !isUpper(first)) return name;
  for (let i = 0; i < chars.length; i++) {
    const current = chars[i] ?? '';
    if (i === 1 && !isUpper(current)) break;
    const next = chars[i + 1];
    if (i > 0 && next !== undefined && !isUpper(next)) {
      if (next === ' ') chars[i] = current.toLowerCase();
      break;
    }
    chars[i] = current.toLowerCase();
  }
  return chars.join('');
}

function isUpper(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}
