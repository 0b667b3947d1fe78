import { describeWebApiError, kindOfHttpStatus } from './classify-platform-failure.js';
import { PlatformError } from './platform-error.js';
import { safeParseJson } from './safe-parse-json.js';
import { webApiEnvelopeSchema } from './schemas/web-api-envelope.js';

/**
 * The error for an HTTP error status (400 and up), keeping the real status: a 401 stays 401, a 405 stays 405.
 * @param status - the HTTP status
 * @param body - the answer's body (an envelope, a JSON message, or an HTML error page)
 * @param what - the call, e.g. `GET webapi/Solution`
 * @param clean - removes secrets from text that came from the platform
 * @returns undefined for a status under 400
 */
export function httpStatusError(
  status: number,
  body: Buffer,
  what: string,
  clean: (text: string) => string,
): PlatformError | undefined {
  if (status < 400) return undefined;
  const detail = status === 401 ? '' : errorDetail(body, clean);
  const suffix = detail ? `: ${detail}` : '';
  const options = { status, httpStatus: status };
  switch (kindOfHttpStatus(status)) {
    case 'auth':
      return new PlatformError(
        'auth',
        status === 401
          ? `The platform rejected the login or password (HTTP 401) on ${what}. Check the username and password sent with the request, or CMW_LOGIN and CMW_PASSWORD on the server.`
          : `The platform account has no rights for ${what} (HTTP ${status})${suffix}.`,
        options,
      );
    case 'not_found':
      return new PlatformError(
        'not_found',
        `The platform found nothing at ${what} (HTTP ${status})${suffix}. Check the system names and ids.`,
        options,
      );
    case 'conflict':
      return new PlatformError(
        'conflict',
        `The platform reports a conflict on ${what} (HTTP ${status})${suffix}.`,
        options,
      );
    case 'timeout':
      return new PlatformError(
        'timeout',
        `The platform timed out on ${what} (HTTP ${status})${suffix}.`,
        options,
      );
    case 'server':
      return new PlatformError(
        'server',
        `The platform failed on ${what} (HTTP ${status})${suffix}. Try once more; if it fails again, report it.`,
        options,
      );
    default:
      return new PlatformError(
        'validation',
        `The platform refused ${what} (HTTP ${status})${suffix}.`,
        options,
      );
  }
}

/** The platform's own words from an error body: the envelope's error, a `message`, or a plain-text excerpt. */
function errorDetail(body: Buffer, clean: (text: string) => string): string {
  if (body.length === 0) return '';
  const text = body.toString('utf8', 0, Math.min(body.length, 4096));
  const json = safeParseJson(text);
  if (json.ok) {
    const envelope = webApiEnvelopeSchema.safeParse(json.value);
    if (envelope.success && envelope.data.error) return clean(describeWebApiError(envelope.data.error));
    const message = (json.value as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return clean(message).slice(0, 300);
  }
  // An HTML error page says little; keep a short plain-text excerpt.
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean(plain).slice(0, 200);
}
