import { APICallError } from 'ai';
import { parseErrorData } from './chat-chunk.js';

/** Where a failed call went: the URL and the body it sent (the values, not the encoded text). */
export interface CallSite {
  readonly url: string;
  readonly requestBodyValues: unknown;
}

/** Whether an error is an abort (or Next.js's, or a timeout), which passes through as it is. */
export function isAbortError(error: unknown): error is Error {
  return (
    (error instanceof Error || error instanceof DOMException) &&
    (error.name === 'AbortError' || error.name === 'ResponseAborted' || error.name === 'TimeoutError')
  );
}

const FETCH_FAILED = ['fetch failed', 'failed to fetch'];
const RETRYABLE_NETWORK_CODES = new Set([
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * What a call reports for an error thrown while it was sent or read, as the AI SDK's `handleFetchError`
 * (`@ai-sdk/provider-utils` 4.0.65) makes it: aborts pass through, a failed fetch with a cause becomes a retryable
 * `APICallError` "Cannot connect to API: …", an error with a network error code (ECONNRESET…) on it or its causes a
 * retryable one too, anything else passes through.
 * @param error - what was thrown
 * @param site - the call's URL and body
 */
export function fetchFailure(error: unknown, site: CallSite): unknown {
  if (isAbortError(error)) return error;
  if (error instanceof TypeError && FETCH_FAILED.includes(error.message.toLowerCase())) {
    const cause = error.cause as { message?: unknown } | null | undefined;
    if (cause != null)
      return new APICallError({
        message: `Cannot connect to API: ${String(cause.message)}`,
        cause,
        url: site.url,
        requestBodyValues: site.requestBodyValues,
        isRetryable: true,
      });
  }
  const network = findNetworkError(error);
  if (network === undefined) return error;
  if (APICallError.isInstance(error))
    return new APICallError({
      message: error.message,
      cause: error.cause,
      url: error.url,
      requestBodyValues: error.requestBodyValues,
      statusCode: error.statusCode,
      responseHeaders: error.responseHeaders,
      responseBody: error.responseBody,
      data: error.data,
      isRetryable: true,
    });
  return new APICallError({
    message: `Cannot connect to API: ${error instanceof Error ? error.message : network.message}`,
    cause: error,
    url: site.url,
    requestBodyValues: site.requestBodyValues,
    isRetryable: true,
  });
}

function findNetworkError(error: unknown): Error | undefined {
  const visited = new Set<unknown>();
  for (let current = error; current instanceof Error && !visited.has(current); current = current.cause) {
    visited.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return current;
  }
  return undefined;
}

/** What {@link errorResponseFailure} reads of a response: a `fetch` `Response` has it all but the headers' shape. */
export interface ErrorResponse {
  readonly status: number;
  readonly statusText: string;
  /** As `Object.fromEntries(response.headers)` gives them. */
  readonly headers: Record<string, string>;
  text(): Promise<string>;
}

/**
 * The `APICallError` for a response with an error status, as the AI SDK's OpenAI-compatible provider makes it
 * (`createJsonErrorResponseHandler` with its error structure): the message is the body's `error.message`, else
 * the status text; `data` is the parsed error; retryable for 408, 409, 429 and 5xx. An error while reading the
 * body becomes "Failed to process error response" (an abort passes through).
 * @param response - the response, its body unread
 * @param site - the call's URL and body
 */
export async function errorResponseFailure(response: ErrorResponse, site: CallSite): Promise<unknown> {
  const responseHeaders = response.headers;
  const common = {
    url: site.url,
    requestBodyValues: site.requestBodyValues,
    statusCode: response.status,
    responseHeaders,
  };
  let responseBody: string;
  try {
    responseBody = await response.text();
  } catch (error) {
    if (isAbortError(error) || APICallError.isInstance(error)) return error;
    return new APICallError({ message: 'Failed to process error response', cause: error, ...common });
  }
  const data = responseBody.trim() === '' ? undefined : parseErrorData(responseBody);
  return new APICallError({
    message: data ? data.error.message : response.statusText,
    ...common,
    responseBody,
    ...(data ? { data } : {}),
  });
}
