import type { IncomingHttpHeaders } from 'node:http';

/** The property an echoed answer carries the request's headers in. */
export const ECHO_PROPERTY = 'requestHeaders';

/**
 * What `echoHeaders` does to a successful JSON answer, as a debugging proxy or a platform script that reflects its
 * request would: the request's headers, exactly as received (`Authorization` included), are added as
 * `requestHeaders` to the answer when it is an object, and to every object directly inside it (the records of a
 * `{recordId: {…}}` map, the items of a list), so the echo survives clients that pick out one element.
 * @param payload - the answer (the envelope's `response`, or a System Core answer)
 * @param headers - the request's headers
 */
export function echoRequestHeaders(payload: unknown, headers: IncomingHttpHeaders): unknown {
  const echo = { ...headers };
  const add = (value: unknown): unknown =>
    isPlainObject(value) ? { ...value, [ECHO_PROPERTY]: echo } : value;
  if (Array.isArray(payload)) return payload.map(add);
  if (!isPlainObject(payload)) return payload;
  const inner = Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? value.map(add) : add(value)]),
  );
  return { ...inner, [ECHO_PROPERTY]: echo };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
