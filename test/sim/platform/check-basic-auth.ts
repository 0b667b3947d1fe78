/** A login/password pair the simulator accepts. */
export interface PlatformUser {
  login: string;
  password: string;
}

/**
 * Checks an `Authorization` header against the users: HTTP Basic only (scheme case-insensitive,
 * credentials base64 of UTF-8 `login:password`, split at the first colon). Returns the login, or
 * undefined when the header is missing, malformed or does not match a user.
 */
export function checkBasicAuth(
  header: string | string[] | undefined,
  users: readonly PlatformUser[],
): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const login = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return users.find((user) => user.login === login && user.password === password)?.login;
}
