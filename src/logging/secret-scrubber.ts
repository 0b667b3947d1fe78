import {
  hasUrlCredentials,
  MIN_EMBEDDED_SECRET_CHARS,
  REDACTED,
  redactUrlCredentials,
} from './redact-secrets.js';

/** A login and password the server sends to the platform as HTTP Basic auth. */
export interface BasicCredentials {
  readonly login?: string | undefined;
  readonly password?: string | undefined;
}

/** What the secrets of one run are made from. */
export interface SecretSources {
  /** Login/password pairs the server may send: the request's own, and `CMW_LOGIN`/`CMW_PASSWORD`. */
  readonly credentials?: readonly BasicCredentials[];
  /** Other values the server holds and must never show: the LLM API keys, `CMW_PASSWORD`. */
  readonly secrets?: readonly (string | undefined)[];
}

/** A cleaned value and its JSON text, so callers need not stringify again. */
export interface ScrubbedValue<T> {
  readonly value: T;
  /** `JSON.stringify(value ?? null)` of the cleaned value. */
  readonly text: string;
}

/**
 * Hides a run's secrets in every form the server itself makes of them, in text and in JSON-like values.
 *
 * The forms, computed once when it is made: each secret as it is, JSON-escaped (how it sits inside a JSON
 * string), URL-encoded (`encodeURIComponent`) and base64 (with and without padding); for each login/password
 * pair the Basic token `base64(login:password)` and `Basic <token>`, which is what a platform or proxy that echoes
 * the `Authorization` header sends back. A secret shorter than {@link MIN_EMBEDDED_SECRET_CHARS} has its own
 * forms hidden only where a whole string equals one of them (see there why); its Basic token is still hidden
 * everywhere, since it also carries the login. Credentials inside URLs (`scheme://user:pass@host`) are hidden
 * too.
 */
export class SecretScrubber {
  /** Forms hidden wherever they occur. */
  readonly #embedded: readonly string[];
  /** The same, as they appear inside JSON text (for the quick check). */
  readonly #embeddedInJson: readonly string[];
  /** Forms of short secrets, hidden only where a whole string equals one. */
  readonly #whole: ReadonlySet<string>;
  /** The same, as whole JSON strings (quotes included). */
  readonly #wholeInJson: readonly string[];

  /** @param sources - the run's credentials and the configured keys */
  constructor(sources: SecretSources) {
    const embedded = new Set<string>();
    const whole = new Set<string>();
    for (const secret of [
      ...(sources.secrets ?? []),
      ...(sources.credentials ?? []).map((c) => c.password),
    ]) {
      if (secret === undefined || secret === '') continue;
      const target = secret.length >= MIN_EMBEDDED_SECRET_CHARS ? embedded : whole;
      for (const form of formsOf(secret)) target.add(form);
    }
    for (const { login, password } of sources.credentials ?? []) {
      if (password === undefined || password === '' || login === undefined) continue;
      // The client trims the login before it builds the token; a request may have sent it untrimmed.
      for (const name of new Set([login, login.trim()])) {
        for (const form of basicTokenForms(name, password)) embedded.add(form);
      }
    }
    // Longest first, so `Basic <token>` goes whole before the token alone would leave `Basic ` behind. (The length
    // filter only drops the unpadded token of an empty login with a 1-character password, which no client sends.)
    this.#embedded = [...embedded]
      .filter((form) => form.length >= MIN_EMBEDDED_SECRET_CHARS)
      .sort((a, b) => b.length - a.length);
    this.#embeddedInJson = this.#embedded.map((form) => JSON.stringify(form).slice(1, -1));
    this.#whole = whole;
    this.#wholeInJson = [...whole].map((form) => JSON.stringify(form));
  }

  /**
   * The text with every secret form replaced by `[redacted]`.
   * @param text - a message, a header value, any string
   */
  text(text: string): string {
    if (this.#whole.has(text)) return REDACTED;
    let out = text;
    for (const form of this.#embedded) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return redactUrlCredentials(out);
  }

  /**
   * A copy of a JSON-like value with every secret form replaced in every string, object keys included. The value
   * is returned as is (not copied) when its JSON holds no secret; otherwise the copy is made from that JSON, so
   * it is what a reader of the JSON would see (dates as strings, `toJSON` applied).
   * @param value - a tool's result, or any JSON-like value
   */
  value<T>(value: T): ScrubbedValue<T> {
    const text = JSON.stringify(value ?? null) ?? '';
    const leaks =
      this.#embeddedInJson.some((form) => text.includes(form)) ||
      this.#wholeInJson.some((form) => text.includes(form)) ||
      hasUrlCredentials(text);
    if (!leaks) return { value, text };
    const cleaned = this.#walk(JSON.parse(text)) as T;
    return { value: cleaned, text: JSON.stringify(cleaned ?? null) ?? '' };
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.#walk(v)]));
    }
    return value;
  }
}

/** A secret as it is, JSON-escaped, URL-encoded and base64 (padded and not). */
function formsOf(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    base64,
    base64.replace(/=+$/, ''),
  ];
}

/** The Authorization header the platform client sends, its token, and the token without padding. */
function basicTokenForms(login: string, password: string): string[] {
  const token = Buffer.from(`${login}:${password}`, 'utf8').toString('base64');
  return [`Basic ${token}`, token, token.replace(/=+$/, '')];
}
