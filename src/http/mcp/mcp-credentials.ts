import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../errors/app-error.js';
import { isPlatformError } from '../../platform/platform-error.js';
import { resolvePlatformTarget, type PlatformDefaults } from '../../platform/resolve-platform-target.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';

/** The headers an MCP client names its platform and account with, for the whole MCP session. */
export const MCP_CREDENTIAL_HEADERS = {
  baseUrl: 'x-cmw-base-url',
  username: 'x-cmw-login',
  password: 'x-cmw-password',
} as const;

/** The platform credentials of an MCP request, and a digest that tells whether two requests sent the same. */
export interface McpCredentials {
  readonly credentials: PlatformCredentials;
  /** A digest of the three headers (never the values themselves): a session keeps the credentials it began with. */
  readonly digest: string;
}

/**
 * Reads `X-CMW-Base-URL`, `X-CMW-Login` and `X-CMW-Password`. When any is sent they are checked at once as a run's
 * would be — the URL against `CMW_ALLOWED_BASE_URLS` and the SSRF guard, login and password as a pair, the
 * server's own password only for its own platform — so a session cannot start with credentials no tool could use.
 * Without them the session uses the server's `CMW_*`.
 * @param headers - the request's headers
 * @param defaults - the server's platform settings
 * @throws AppError INVALID_PARAMS naming what is wrong (never a value)
 */
export function mcpCredentialsOf(headers: IncomingHttpHeaders, defaults: PlatformDefaults): McpCredentials {
  const credentials: Record<string, string> = {};
  for (const [field, header] of Object.entries(MCP_CREDENTIAL_HEADERS)) {
    const value = headers[header];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (text) credentials[field] = text;
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([credentials.baseUrl, credentials.username, credentials.password]))
    .digest('hex');
  if (Object.keys(credentials).length > 0) {
    try {
      resolvePlatformTarget(credentials, defaults);
    } catch (error) {
      if (!isPlatformError(error)) throw error;
      // The platform's message names the fields of a request: base_url, username, password.
      throw new AppError(
        'INVALID_PARAMS',
        `The X-CMW-* headers cannot be used (X-CMW-Base-URL, X-CMW-Login and X-CMW-Password are the base_url, username and password here): ${error.message}`,
      );
    }
  }
  return { credentials, digest };
}
