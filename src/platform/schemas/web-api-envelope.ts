import { z } from 'zod';

/** `WebApiError`: the error of a failed Web API call; `inner` nests the cause. */
export interface WebApiError {
  readonly message?: string | null | undefined;
  readonly type?: string | null | undefined;
  readonly inner?: WebApiError | null | undefined;
}

/** Schema of {@link WebApiError} (web_api_v1 `Comindware.Platform.Contracts.WebApiError`). */
export const webApiErrorSchema: z.ZodType<WebApiError> = z.lazy(() =>
  z.looseObject({
    message: z.string().nullish(),
    type: z.string().nullish(),
    inner: webApiErrorSchema.nullish(),
  }),
);

/**
 * `WebApiResponse<T>`: `{response, success, error}` around every `/webapi/*` answer. Logical errors arrive with
 * HTTP 200 and `success: false`; properties whose value is null are usually omitted.
 */
export const webApiEnvelopeSchema = z.looseObject({
  response: z.unknown().optional(),
  success: z.boolean(),
  error: webApiErrorSchema.nullish(),
});

/** A parsed Web API envelope (its `response` is checked separately against the call's own schema). */
export type WebApiEnvelope = z.infer<typeof webApiEnvelopeSchema>;
