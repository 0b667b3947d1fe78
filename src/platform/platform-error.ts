/**
 * What kind of failure a platform call ended in. Tools turn each kind into a clear result for the model;
 * programs branch on the kind, never on the message.
 */
export type PlatformErrorKind =
  /** The platform answered 401 or 403: wrong login or password, or no rights. */
  | 'auth'
  /** The application, template, attribute or record does not exist (HTTP 404, or a logical "not found"). */
  | 'not_found'
  /** The platform refused the request as invalid (other 4xx, or a logical refusal with HTTP 200). */
  | 'validation'
  /** The thing already exists (HTTP 409, or a logical "already exists"). */
  | 'conflict'
  /** The platform failed (5xx), or answered something this client cannot read. */
  | 'server'
  /** No answer within `CMW_TIMEOUT_S`; the request was aborted. */
  | 'timeout'
  /** The platform could not be reached (DNS, connection refused, reset, TLS). */
  | 'network'
  /** The URL was refused before any byte was sent: scheme, allowlist, link-local or metadata address, redirect. */
  | 'refused_url'
  /** No platform URL or credentials: neither the request nor the server configuration names them. */
  | 'not_configured';

/**
 * The status a tool reports for kinds that have no HTTP answer of their own (timeouts and the like), and for
 * logical errors the platform sends with HTTP 200 + `success:false`. Real HTTP error statuses are kept as
 * they came (a 401 stays 401).
 */
export const PLATFORM_ERROR_STATUS: Readonly<Record<PlatformErrorKind, number>> = {
  auth: 401,
  not_found: 404,
  validation: 400,
  conflict: 409,
  server: 502,
  timeout: 408,
  network: 503,
  refused_url: 400,
  not_configured: 503,
};

/** Options of a {@link PlatformError}. */
export interface PlatformErrorOptions {
  /** The HTTP status to report; defaults to {@link PLATFORM_ERROR_STATUS} of the kind. */
  readonly status?: number;
  /** The status on the wire, when the platform answered (200 for logical errors); absent when it did not. */
  readonly httpStatus?: number;
  /** The platform's exception type (`error.type` of the envelope), e.g. `RequestedOperationFailedException`. */
  readonly platformType?: string;
  /** The underlying error, for logs only. */
  readonly cause?: unknown;
}

/**
 * The one error the platform client throws. Its message is written for people, names what to check, and never
 * contains a password or an `Authorization` header.
 */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  /** What went wrong, for programs. */
  readonly kind: PlatformErrorKind;
  /** The HTTP status tools report: the platform's own for HTTP errors, else the kind's conventional one. */
  readonly status: number;
  /** The status the platform actually sent, if it answered at all. */
  readonly httpStatus: number | undefined;
  /** The platform's exception type for logical errors. */
  readonly platformType: string | undefined;

  /**
   * @param kind - the failure kind
   * @param message - a clear sentence for the user; never include secrets
   * @param options - status overrides, the platform's exception type, the cause
   */
  constructor(kind: PlatformErrorKind, message: string, options: PlatformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status ?? PLATFORM_ERROR_STATUS[kind];
    this.httpStatus = options.httpStatus;
    this.platformType = options.platformType;
  }
}

/** Narrows an unknown thrown value to {@link PlatformError}. */
export function isPlatformError(value: unknown): value is PlatformError {
  return value instanceof PlatformError;
}

const FATAL_KINDS: ReadonlySet<PlatformErrorKind> = new Set<PlatformErrorKind>([
  'auth',
  'network',
  'timeout',
  'refused_url',
  'not_configured',
]);

/**
 * Whether a thrown value is a platform failure that no other call of the same run would escape (wrong
 * credentials, platform unreachable or too slow, URL refused, not configured), so a tool that tries several
 * lookups should stop instead of noting it and going on.
 * @param value - what was thrown
 */
export function isFatalPlatformError(value: unknown): value is PlatformError {
  return isPlatformError(value) && FATAL_KINDS.has(value.kind);
}
