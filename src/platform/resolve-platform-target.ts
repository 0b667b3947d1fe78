import { checkPlatformUrl, toBaseUrl, type UrlPolicy } from './check-platform-url.js';
import { PlatformError } from './platform-error.js';
import type { PlatformTarget } from './platform-target.js';

/** Platform settings of the server (`CMW_*`), the fallback when a request brings none. */
export interface PlatformDefaults {
  /** `CMW_BASE_URL` */
  readonly baseUrl: string | undefined;
  /** `CMW_LOGIN` */
  readonly login: string | undefined;
  /** `CMW_PASSWORD` */
  readonly password: string | undefined;
  /** `CMW_TIMEOUT_S` in ms */
  readonly timeoutMs: number;
  /** `CMW_ALLOWED_BASE_URLS` */
  readonly allowedBaseUrls: readonly string[];
}

/** Platform credentials a request brought (all optional; empty means absent). */
export interface RequestPlatformCredentials {
  readonly baseUrl?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * Decides where and as whom a run talks to the platform.
 *
 * - The URL is the request's `base_url`, else `CMW_BASE_URL`.
 * - Login and password travel as a pair: when the request sends either, both come from the request; otherwise
 *   both come from `CMW_LOGIN`/`CMW_PASSWORD`.
 * - The server's own login and password are only ever sent to the server's own `CMW_BASE_URL`: a request that
 *   names another platform must bring its own credentials, so nobody can point the server's password elsewhere.
 *
 * @param credentials - what the request brought
 * @param defaults - the server's settings
 * @returns the target, with a checked base URL
 * @throws PlatformError `not_configured` naming what to set, or `refused_url`
 */
export function resolvePlatformTarget(
  credentials: RequestPlatformCredentials,
  defaults: PlatformDefaults,
): PlatformTarget {
  const reqUser = clean(credentials.username);
  const reqPassword =
    credentials.password !== undefined && credentials.password !== '' ? credentials.password : undefined;
  const envUrl = clean(defaults.baseUrl);
  const baseUrl = resolvePlatformBaseUrl(credentials, defaults);

  if (reqUser !== undefined || reqPassword !== undefined) {
    if (reqUser === undefined || reqPassword === undefined) {
      throw new PlatformError(
        'not_configured',
        `The platform is not configured: the request sent a ${reqUser === undefined ? 'password' : 'username'} without a ${reqUser === undefined ? 'username' : 'password'}. Send both.`,
      );
    }
    return { baseUrl, login: reqUser, password: reqPassword };
  }

  const sameAsServer = envUrl !== undefined && sameBase(baseUrl, envUrl);
  if (!sameAsServer) {
    throw new PlatformError(
      'not_configured',
      'The platform is not configured: the request names its own platform URL but no username and password (the server only sends its CMW_LOGIN/CMW_PASSWORD to CMW_BASE_URL). Send username and password with the request.',
    );
  }
  const login = clean(defaults.login);
  const password =
    defaults.password !== undefined && defaults.password !== '' ? defaults.password : undefined;
  if (login === undefined || password === undefined) {
    const missing = [login === undefined ? 'CMW_LOGIN' : '', password === undefined ? 'CMW_PASSWORD' : '']
      .filter((s) => s !== '')
      .join(' and ');
    throw new PlatformError(
      'not_configured',
      `The platform is not configured: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set. Set ${missing} on the server, or send username and password with the request.`,
    );
  }
  return { baseUrl, login, password };
}

/**
 * Only the platform base URL of a run (the request's `base_url`, else `CMW_BASE_URL`), checked against the URL
 * policy. Enough for tools that build links and send nothing.
 * @throws PlatformError `not_configured` or `refused_url`
 */
export function resolvePlatformBaseUrl(
  credentials: RequestPlatformCredentials,
  defaults: PlatformDefaults,
): string {
  const envUrl = clean(defaults.baseUrl);
  const rawUrl = clean(credentials.baseUrl) ?? envUrl;
  if (rawUrl === undefined) {
    throw new PlatformError(
      'not_configured',
      'The platform is not configured: no platform URL. Send base_url, username and password with the request, or set CMW_BASE_URL, CMW_LOGIN and CMW_PASSWORD on the server.',
    );
  }
  return toBaseUrl(checkPlatformUrl(rawUrl, urlPolicyOf(defaults)));
}

/** The policy a client for these defaults enforces. */
export function urlPolicyOf(defaults: PlatformDefaults): UrlPolicy {
  return { allowedBaseUrls: defaults.allowedBaseUrls, trustedBaseUrl: clean(defaults.baseUrl) };
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function sameBase(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
