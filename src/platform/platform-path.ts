import { PlatformError } from './platform-error.js';

declare const platformPathBrand: unique symbol;

/** A path relative to the platform base URL, with every interpolated value percent-encoded. */
export type PlatformPath = string & { readonly [platformPathBrand]: true };

/**
 * Percent-encodes one value for a path segment. Non-ASCII (Cyrillic system names), `/`, `?`, `#`, `%` and spaces
 * are encoded; `@` and `.` stay as they are, as the platform's own clients send them (`Attribute@Tpl.Attr`).
 * @param value - a system name, id or other segment value
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

/**
 * Builds a {@link PlatformPath}: the literal parts are taken as written, every `${value}` is percent-encoded, so
 * no caller can forget to encode a Cyrillic alias or let a `/` in a name change the route.
 * @example platformPath`webapi/Attribute/${app}/Attribute@${template}.${attribute}`
 * @throws PlatformError `validation` when a value is empty (it would produce `//` and hit another route)
 */
export function platformPath(
  strings: TemplateStringsArray,
  ...values: readonly (string | number)[]
): PlatformPath {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const text = String(value);
    if (text.trim() === '') {
      throw new PlatformError(
        'validation',
        'A system name or id in the request is empty; give a non-empty value.',
      );
    }
    out += encodePathSegment(text) + (strings[i + 1] ?? '');
  });
  return out.replace(/^\/+/, '').replace(/\/{2,}/g, '/') as PlatformPath;
}
