import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../errors/app-error.js';

/**
 * Every failure of every route becomes `{ "error": { "code", "message" } }` with the status of its code:
 * our own {@link AppError}s, Fastify's body-parsing errors (bad JSON, too large, wrong media type) and
 * anything unexpected (500, details only in the log).
 */
export function installErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: appError.code }, appError.message);
    return reply.status(appError.status).send(appError.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.status(404).send(e.toJSON());
  });
}

/**
 * Maps anything a route or Fastify threw to an {@link AppError}: ours pass through, Fastify's body-parsing errors
 * get their codes, everything else is INTERNAL (details stay in the log).
 * @param bodyLimitBytes - named in the BODY_TOO_LARGE message
 */
export function toAppError(error: FastifyError | AppError, bodyLimitBytes: number): AppError {
  if (isAppError(error)) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', `The request body is larger than ${bodyLimitBytes} bytes.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON', 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('INVALID_JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type; send application/json.');
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message)))
    return new AppError('INVALID_JSON', 'The request body is not valid JSON.');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('INVALID_BODY', error.message);
  return new AppError('INTERNAL', 'Internal server error.', { cause: error });
}
