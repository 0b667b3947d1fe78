import type { WebApiErrorModel } from './web-api-failure.js';

/** The `/webapi/...` response envelope (`WebApiResponse<T>`). */
export interface WebApiEnvelope {
  response: unknown;
  error?: WebApiErrorModel;
  success: boolean;
}

/**
 * Drops null-valued and undefined properties, recursively, as the platform's serializer does (successful
 * bodies carry no `error` key, models omit unset properties). Array elements are kept. Buffers and other
 * non-plain objects are not expected here.
 */
export function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    out[key] = toWire(item);
  }
  return out;
}

/** A success envelope: `{"response": …, "success": true}` (`response` kept even when null, as observed). */
export function webApiOk(response: unknown): WebApiEnvelope {
  return { response: response === undefined ? null : toWire(response), success: true };
}

/** A failure envelope: `{"response": null, "error": {…}, "success": false}`. */
export function webApiError(error: WebApiErrorModel): WebApiEnvelope {
  return { response: null, error: toWire(error) as WebApiErrorModel, success: false };
}
