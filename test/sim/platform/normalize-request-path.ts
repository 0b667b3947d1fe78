/** A request target split into what the route table and the request log need. */
export interface NormalizedPath {
  /** The path as received, without the query string (percent-encoding and repeated slashes kept). */
  rawPath: string;
  /** Non-empty path segments, each percent-decoded (a segment that fails to decode is kept as received). */
  segments: string[];
  /** `/` + the decoded segments joined by `/`: repeated and trailing slashes are gone. */
  decodedPath: string;
  /** Query parameters (the last value wins when a name repeats). */
  query: Record<string, string>;
}

/**
 * Normalizes a request target the way IIS/ASP.NET treats it for routing: repeated slashes collapse, each
 * segment is percent-decoded (Cyrillic aliases arrive encoded, `@` and `.` raw), the query is split off.
 * An absolute-form target (`http://host/path`) is reduced to its path. Never throws.
 */
export function normalizeRequestPath(target: string): NormalizedPath {
  let rest = target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const questionMark = rest.indexOf('?');
  const rawPath = questionMark >= 0 ? rest.slice(0, questionMark) : rest;
  const queryText = questionMark >= 0 ? rest.slice(questionMark + 1) : '';
  const segments = rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(queryText)) query[name] = value;
  return { rawPath, segments, decodedPath: `/${segments.join('/')}`, query };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
