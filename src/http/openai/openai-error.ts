import { AppError, ERROR_CODES, type ErrorCode } from '../../errors/app-error.js';

/** An error as OpenAI's API and the OpenAI SDKs shape it. */
export interface OpenAiErrorBody {
  readonly error: {
    readonly message: string;
    /** `invalid_request_error` (4xx), `rate_limit_error` (429) or `server_error` (5xx). */
    readonly type: string;
    /** The request field at fault, when one is. */
    readonly param: string | null;
    /** The code of `docs/errors.md`, lower-cased: `invalid_api_key`, `model_not_found`, `queue_timeout`… */
    readonly code: string;
  };
}

/** An {@link AppError} that names the request field at fault (OpenAI's `param`). */
export class OpenAiParamError extends AppError {
  /** The field, e.g. `messages[2].role`. */
  readonly param: string;

  constructor(code: ErrorCode, message: string, param: string) {
    super(code, message);
    this.param = param;
  }
}

/** The OpenAI `type` for an HTTP status. */
export function openAiErrorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** Shapes an error code and message as an OpenAI error object. */
export function openAiError(code: ErrorCode, message: string, param: string | null = null): OpenAiErrorBody {
  return {
    error: { message, type: openAiErrorType(ERROR_CODES[code].status), param, code: code.toLowerCase() },
  };
}

/** Shapes an {@link AppError} as an OpenAI error object. */
export function toOpenAiError(error: AppError): OpenAiErrorBody {
  return openAiError(error.code, error.message, error instanceof OpenAiParamError ? error.param : null);
}
