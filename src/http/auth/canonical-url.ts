/** Characters RFC 3986 calls unreserved: percent-encoding them changes nothing, so they are decoded (§6.2.2.2). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** `scheme://authority` at the start of an absolute-form request target (RFC 9112 §3.2.2). */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * The one spelling of a request target that routing sees, so that every spelling of a URL reaches the route it
 * names (and that route's protection) or no route at all: the absolute form is cut to its path, percent-encoded
 * unreserved characters are decoded (`/%63all` → `/call`), dot segments are resolved (`/x/../call` → `/call`) and
 * repeated slashes collapse (`//call` → `/call`). Case and a trailing slash are left to the router
 * (`caseSensitive: false`, `ignoreTrailingSlash`). The query is kept as it came.
 * @param raw - the request target as the client sent it (`request.url` before routing)
 */
export function canonicalUrl(raw: string): string {
  let target = raw;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) target = target.slice(absolute[0].length);
  if (!target.startsWith('/')) target = `/${target}`;
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt);
  const decoded = rawPath.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  return `${removeDotSegments(decoded)}${query}`;
}

/** Resolves `.` and `..` segments and drops empty ones (repeated slashes); keeps a trailing slash. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const last = segments[segments.length - 1];
  const trailing = out.length > 0 && (last === '' || last === '.' || last === '..');
  return `/${out.join('/')}${trailing ? '/' : ''}`;
}
