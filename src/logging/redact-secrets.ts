/** What every hidden secret is replaced by. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are never replaced inside a text: a password of 1–3 characters (`a`, `12`, `abc`)
 * occurs by chance in ordinary text, and replacing it there would turn every answer into redactions while
 * hiding nothing an attacker could not guess. From four characters on, a chance match is rare enough that
 * hiding it is the better error. {@link SecretScrubber} still hides a short secret where a whole value equals
 * it, and always hides the long forms made from it (the Basic token, which embeds the login).
 */
export const MIN_EMBEDDED_SECRET_CHARS = 4;

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
const HAS_URL_CREDENTIALS = new RegExp(URL_CREDENTIALS.source, 'i');

/**
 * Replaces every occurrence of the given secrets in a text with `[redacted]`, longest first (so a form that
 * contains another, such as `Basic <token>` and the token, is hidden whole).
 * A safety net for error messages that quote upstream responses: a provider may echo a key or a URL with
 * credentials back to us, and no such text may reach a log, a stored answer or a client.
 * @param text - the text to clean
 * @param secrets - values to hide; empty values and values under {@link MIN_EMBEDDED_SECRET_CHARS} are ignored
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const hidden = secrets
    .filter((s): s is string => s !== undefined && s.length >= MIN_EMBEDDED_SECRET_CHARS)
    .sort((a, b) => b.length - a.length);
  for (const secret of hidden) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return redactUrlCredentials(out);
}

/** Replaces the credentials inside URLs (`scheme://user:pass@host`) with `[redacted]`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/** Whether a text holds credentials inside a URL (`scheme://user:pass@host`). */
export function hasUrlCredentials(text: string): boolean {
  return HAS_URL_CREDENTIALS.test(text);
}
