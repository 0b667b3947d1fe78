import { AppError } from '../errors/app-error.js';
import { ModelListError } from './discover-models.js';
import { displayUrl, networkErrorCode, unreachableMessage } from './llm-error.js';

/** What a failed `GET /models` at start-up means. */
export interface DiscoveryFailure {
  /** The error runs fail with while it lasts; its message is also the reason `/readyz` gives. */
  readonly error: AppError;
  /**
   * Whether the provider itself is down (unreachable, 5xx, no answer in time): then no run can succeed, even
   * with a configured model, so the server is not ready until a retry succeeds.
   */
  readonly providerDown: boolean;
}

/**
 * Classifies a failed model discovery.
 * @param error - what {@link discoverModels} threw
 * @param ctx - the provider, its base URL and the variables to name; `timeoutMs` is the start-up timeout
 */
export function toDiscoveryFailure(
  error: unknown,
  ctx: { provider: string; baseUrl: string; baseUrlVariable: string; keyVariable: string; timeoutMs: number },
): DiscoveryFailure {
  const who = `The LLM provider (${ctx.provider} at ${displayUrl(ctx.baseUrl)})`;
  if (error instanceof Error && error.name === 'TimeoutError')
    return {
      providerDown: true,
      error: new AppError(
        'LLM_UNAVAILABLE',
        `${who} did not answer GET /models within ${ctx.timeoutMs / 1000} s (LLM_STARTUP_TIMEOUT_S).`,
        { cause: error },
      ),
    };
  // Anything but an answer is a network failure: refused, unknown host, a port that does not speak HTTP…
  if (!(error instanceof ModelListError))
    return {
      providerDown: true,
      error: new AppError('LLM_UNAVAILABLE', unreachableMessage(networkErrorCode(error), ctx), {
        cause: error,
      }),
    };
  if (error.status !== undefined) {
    if (error.status >= 500)
      return {
        providerDown: true,
        error: new AppError('LLM_UNAVAILABLE', `${who} answered GET /models with HTTP ${error.status}.`, {
          cause: error,
        }),
      };
    if (error.status === 401 || error.status === 403)
      return {
        providerDown: false,
        error: new AppError(
          'LLM_AUTH_FAILED',
          `${who} rejected the credentials (HTTP ${error.status} to GET /models). Check ${ctx.keyVariable}.`,
          { cause: error },
        ),
      };
  }
  return {
    providerDown: false,
    error: new AppError('LLM_ERROR', `${who} could not list its models: ${error.message}.`, { cause: error }),
  };
}
