import { isBlockedHost } from './blocked-address.js';
import { PlatformError } from './platform-error.js';

/** Which platform URLs may be contacted. */
export interface UrlPolicy {
  /**
   * `CMW_ALLOWED_BASE_URLS`: when not empty, a URL is contacted only if its origin is listed. An entry with a
   * scheme (`https://cmw.example.com`) matches that origin exactly; an entry without one (`cmw.example.com:8080`)
   * matches that host and port over http and https.
   */
  readonly allowedBaseUrls: readonly string[];
  /** The server's own `CMW_BASE_URL`: set by the operator, so allowed even when the allowlist omits it. */
  readonly trustedBaseUrl?: string | undefined;
}

/**
 * Validates a platform URL before anything is sent to it: http(s) only, no credentials in the URL, never a
 * link-local or cloud metadata address, and within the allowlist when one is set. DNS answers are checked
 * separately, at connect time (see `createGuardedLookup`).
 * @param raw - the URL to check
 * @param policy - the allowlist
 * @returns the parsed URL, without its query and fragment
 * @throws PlatformError `refused_url` with a message that says which rule refused it
 */
export function checkPlatformUrl(raw: string | URL, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PlatformError(
      'refused_url',
      `The platform URL "${displayUrl(String(raw))}" is not a valid absolute URL; use one like https://cmw.example.com.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PlatformError(
      'refused_url',
      `Only http and https platform URLs are allowed, not "${url.protocol}".`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new PlatformError(
      'refused_url',
      'The platform URL must not contain a user name or password; send them as username and password instead.',
    );
  }
  if (isBlockedHost(url.hostname)) {
    throw new PlatformError(
      'refused_url',
      `The platform URL points to a link-local or cloud metadata address (${url.hostname}); such addresses are never contacted.`,
    );
  }
  if (policy.allowedBaseUrls.length > 0 && !isAllowed(url, policy)) {
    throw new PlatformError(
      'refused_url',
      `The platform URL ${url.origin} is not in the server's allowlist (CMW_ALLOWED_BASE_URLS); use an allowed platform or ask the operator to add this origin.`,
    );
  }
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * A platform base URL in the form requests are built from: origin plus path, no trailing slash.
 * @param url - a URL that passed {@link checkPlatformUrl}
 */
export function toBaseUrl(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * A URL fit for an error message: no credentials, query or fragment, at most 200 characters.
 * @param raw - any text that may be a URL
 */
export function displayUrl(raw: string): string {
  const text = raw.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1').replace(/[?#].*$/s, '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isAllowed(url: URL, policy: UrlPolicy): boolean {
  const entries = policy.trustedBaseUrl
    ? [...policy.allowedBaseUrls, policy.trustedBaseUrl]
    : policy.allowedBaseUrls;
  return entries.some((entry) => matches(url, entry.trim()));
}

function matches(url: URL, entry: string): boolean {
  if (entry === '') return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  }
  try {
    // No scheme: compare host and port, trying the entry as http and as https (their default ports differ).
    return ['http:', 'https:'].some((scheme) => {
      const candidate = new URL(`${scheme}//${entry}`);
      return candidate.host === url.host && (candidate.port !== '' || url.protocol === scheme);
    });
  } catch {
    return false;
  }
}
