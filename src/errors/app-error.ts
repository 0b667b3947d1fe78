/**
 * Every error the server reports has one of these codes. `docs/errors.md` documents each one;
 * a test keeps the two in step.
 */
export const ERROR_CODES = {
  INVALID_JSON: { status: 400, retryable: false },
  INVALID_BODY: { status: 400, retryable: false },
  BODY_TOO_LARGE: { status: 413, retryable: false },
  FILE_TOO_LARGE: { status: 413, retryable: false },
  TOO_MANY_FILES: { status: 409, retryable: false },
  UNKNOWN_FILE: { status: 404, retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  REQUEST_TIMEOUT: { status: 408, retryable: true },
  HEADERS_TOO_LARGE: { status: 431, retryable: false },
  MALFORMED_REQUEST: { status: 400, retryable: false },
  INVALID_API_KEY: { status: 401, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  INVALID_URL: { status: 400, retryable: false },
  UNKNOWN_API: { status: 404, retryable: false },
  UNKNOWN_EVENT: { status: 404, retryable: false },
  INVALID_PARAMS: { status: 400, retryable: false },
  INVALID_CLIENT_KEY: { status: 401, retryable: false },
  UNKNOWN_RUN: { status: 404, retryable: false },
  UNKNOWN_SESSION: { status: 404, retryable: false },
  RUN_ENDED: { status: 409, retryable: false },
  UNKNOWN_APPROVAL: { status: 404, retryable: false },
  APPROVAL_DECIDED: { status: 409, retryable: false },
  MODEL_NOT_FOUND: { status: 404, retryable: false },
  CLIENT_LLM_KEY_FORBIDDEN: { status: 403, retryable: false },
  EMPTY_QUESTION: { status: 400, retryable: false },
  QUEUE_FULL: { status: 503, retryable: true },
  QUEUE_TIMEOUT: { status: 504, retryable: true },
  APP_INITIALIZING: { status: 503, retryable: true },
  SHUTTING_DOWN: { status: 503, retryable: true },
  BACKEND_UNAVAILABLE: { status: 503, retryable: true },
  LLM_NOT_CONFIGURED: { status: 503, retryable: false },
  LLM_AUTH_FAILED: { status: 502, retryable: false },
  LLM_RATE_LIMITED: { status: 429, retryable: true },
  LLM_BAD_REQUEST: { status: 502, retryable: false },
  LLM_UNAVAILABLE: { status: 502, retryable: true },
  LLM_TIMEOUT: { status: 504, retryable: true },
  LLM_STREAM_INTERRUPTED: { status: 502, retryable: true },
  LLM_ERROR: { status: 502, retryable: true },
  RUN_CANCELLED: { status: 499, retryable: false },
  SERVER_RESTARTED: { status: 503, retryable: true },
  INSTANCE_LOST: { status: 503, retryable: true },
  INTERNAL: { status: 500, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

/** A machine-readable error code; see `docs/errors.md`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error class of the server: a code, an HTTP status derived from it, and a message fit for users. */
export class AppError extends Error {
  override readonly name = 'AppError';
  /** What went wrong, for programs. */
  readonly code: ErrorCode;
  /** The HTTP status a route answers with when this error ends a request. */
  readonly status: number;
  /** Whether trying again later may succeed. */
  readonly isRetryable: boolean;

  /**
   * @param code - the error code
   * @param message - a clear sentence for the user; never include secrets
   * @param options - the underlying cause, kept for logs only
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.isRetryable = ERROR_CODES[code].retryable;
  }

  /** The JSON body routes send for this error. */
  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Narrows an unknown thrown value to {@link AppError}. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
