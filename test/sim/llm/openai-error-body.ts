/** The JSON body OpenAI (and OpenRouter) send with every error status: `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: null; code: string | null };
}

/** Default OpenAI error `type` for an HTTP status. */
function defaultErrorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** Builds an OpenAI-style error body; `type` defaults from the status, `code` to null. */
export function openAiErrorBody(
  status: number,
  message: string,
  type?: string,
  code?: string,
): OpenAiErrorBody {
  return { error: { message, type: type ?? defaultErrorType(status), param: null, code: code ?? null } };
}
