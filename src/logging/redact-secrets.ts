/**
 * Replaces every occurrence of the given secrets in a text with `[redacted]`.
 * A safety net for error messages that quote upstream responses: a provider may echo a key or a URL with
 * credentials back to us, and no such text may reach a log, a stored answer or a client.
 * @param text - the text to clean
 * @param secrets - values to hide; empty and very short values (under 4 characters) are ignored
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
  }
  // Credentials embedded in URLs (scheme://user:pass@host) never leave either.
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@');
}
