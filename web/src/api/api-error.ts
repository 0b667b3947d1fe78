/** A failed `/api/*` call: the HTTP status and the server's `{ error: { code, message } }` when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code, or `NETWORK` / `HTTP_<status>` when it gave none. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a value is an {@link ApiError}. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
