import type { PlatformRequest } from './platform-simulator.js';
import { validateAgainstOpenApi, type OpenApiValidationOptions } from './validate-against-open-api.js';

/** Options of {@link assertRequestsConform}. */
export interface AssertRequestsConformOptions extends OpenApiValidationOptions {
  /** Requests to leave out (e.g. deliberate 404 probes). */
  ignore?: (request: PlatformRequest) => boolean;
}

/**
 * Throws when a recorded request does not conform to the platform's OpenAPI files: its method + path must be
 * a declared operation with well-typed parameters and its body must conform to the operation's body schema
 * (as the platform binds it, see {@link validateAgainstOpenApi}). Use it after driving a client through the
 * simulator: `assertRequestsConform(sim.requests)`. Returns the number of requests checked.
 */
export function assertRequestsConform(
  requests: readonly PlatformRequest[],
  options: AssertRequestsConformOptions = {},
): number {
  const problems: string[] = [];
  let checked = 0;
  for (const request of requests) {
    if (options.ignore?.(request)) continue;
    checked++;
    const query = new URLSearchParams(request.query).toString();
    const result = validateAgainstOpenApi(
      request.method,
      query ? `${request.path}?${query}` : request.path,
      { requestBody: request.body },
      options,
    );
    if (!result.valid)
      problems.push(`${request.method} ${request.decodedPath}:\n  ${result.errors.join('\n  ')}`);
  }
  if (problems.length > 0)
    throw new Error(
      `${problems.length} of ${checked} requests do not conform to the OpenAPI files:\n${problems.join('\n')}`,
    );
  return checked;
}
