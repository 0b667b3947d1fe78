import { redactSecrets } from '../logging/redact-secrets.js';

const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** What {@link scrubSecrets} returns: the cleaned value and its JSON text, so callers need not stringify again. */
export interface ScrubbedValue<T> {
  readonly value: T;
  /** `JSON.stringify(value ?? null)` of the cleaned value. */
  readonly text: string;
}

/**
 * A deep copy of a JSON-like value with every secret replaced by `[redacted]` in every string (keys included),
 * and credentials inside URLs removed. The safety net that keeps passwords out of tool results, history and
 * the model's context. The value is returned as is (not copied) when it holds no secret.
 * @param value - the value to clean
 * @param secrets - the values to hide (see `redactSecrets` for the rules)
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): ScrubbedValue<T> {
  const text = JSON.stringify(value ?? null) ?? '';
  // Compare with the secret as JSON escapes it too (a password may hold quotes or backslashes).
  const leaks =
    secrets.some(
      (s) => s.length >= 4 && (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1))),
    ) || URL_CREDENTIALS.test(text);
  if (!leaks) return { value, text };
  const cleaned = walk(value, secrets) as T;
  return { value: cleaned, text: JSON.stringify(cleaned ?? null) ?? '' };
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactSecrets(k, secrets), walk(v, secrets)]),
    );
  }
  return value;
}
