import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors/app-error.js';
import { MCP_PATH, toMcpError } from './mcp/mcp-error.js';
import { toOpenAiError } from './openai/openai-error.js';

/**
 * The longest path parameter the router accepts (Fastify's default is 100, which cut off the 256-character session
 * ids the Gradio surfaces accept with a 414 of Fastify's own shape). Longer ones answer 400 INVALID_URL: no id this
 * server issues or accepts comes near it.
 */
export const MAX_PARAM_LENGTH = 1024;

/**
 * Every failure of every route becomes `{ "error": { "code", "message" } }` with the status of its code:
 * our own {@link AppError}s, Fastify's body-parsing errors (bad JSON, too large, wrong media type) and
 * anything unexpected (500, details only in the log). Requests that arrive while the server closes get 503
 * SHUTTING_DOWN in the same shape (set `return503OnClosing: false`, whose answer has Fastify's shape).
 */
export function installErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: appError.code }, appError.message);
    // A URL that matched no route (the API key gate refuses those too) gets the shape of the surface it names.
    const body =
      request.routeOptions.url === undefined ? errorBody(request.url, appError) : appError.toJSON();
    return reply.status(appError.status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // A parameter over the router's limit makes its route not match; when a catch-all (the web chat's page)
    // takes such a URL and hands it on here, say what Fastify's own FST_ERR_MAX_PARAM_LENGTH would have said.
    if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
      const tooLong = toAppError(maxParamLengthError(), bodyLimitBytes);
      return reply.status(tooLong.status).send(errorBody(request.url, tooLong));
    }
    const e = new AppError('NOT_FOUND', `No route ${request.method} ${path.slice(0, 200)}.`);
    // In the shape of the surface the URL names, as every other error there (OpenAI's under /v1, Gradio's detail).
    return reply.status(404).send(errorBody(request.url, e));
  });
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    // A request on a connection that was already open; tell the client to go elsewhere and not reuse it.
    const e = new AppError('SHUTTING_DOWN', 'The server is shutting down; try again in a moment.');
    void reply.header('connection', 'close').status(e.status).send(errorBody(request.url, e));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a path whose `%XX` escapes are not
 * UTF-8, a parameter over {@link MAX_PARAM_LENGTH}) answer in the shape of the surface the URL names, instead of
 * Fastify's own `{"error":"Bad Request","code":"FST_ERR_BAD_URL",…}`.
 * @param bodyLimitBytes - named in the BODY_TOO_LARGE message
 */
export function frameworkErrorHandler(
  bodyLimitBytes: number,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled framework error');
    else request.log.info({ code: appError.code }, appError.message);
    void reply.status(appError.status).send(errorBody(request.url, appError));
  };
}

function maxParamLengthError(): FastifyError {
  return Object.assign(new Error('parameter too long'), {
    code: 'FST_ERR_MAX_PARAM_LENGTH',
    name: 'FastifyError',
    statusCode: 414,
  });
}

/**
 * The body of an error answered before any route's own error handler could shape it: OpenAI's shape under `/v1`
 * (still `error.code` and `error.message`), ours plus Gradio's `detail` on the Gradio queue surface, a JSON-RPC
 * error object on `/mcp`, ours elsewhere.
 * @param url - the request URL, which names the surface
 */
export function errorBody(url: string, error: AppError): object {
  const path = url.split('?')[0]!.toLowerCase();
  if (path === '/v1' || path.startsWith('/v1/') || path.startsWith('/api/v1/')) return toOpenAiError(error);
  if (path === '/config' || path.startsWith('/gradio_api/'))
    return { detail: error.message, ...error.toJSON() };
  if (path === MCP_PATH || path === `${MCP_PATH}/`) return toMcpError(error);
  return error.toJSON();
}

/**
 * Maps anything a route or Fastify threw to an {@link AppError}: ours pass through, Fastify's own errors get
 * their codes, everything else is INTERNAL (details stay in the log).
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
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(
        'INVALID_BODY',
        'The request body is not as long as its Content-Length header says.',
      );
    case 'FST_ERR_BAD_URL':
      // The path is not echoed: it may hold a session id, which is a secret.
      return new AppError(
        'INVALID_URL',
        'The request path cannot be decoded: a %XX escape in it is not UTF-8. Percent-encode UTF-8 bytes.',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError(
        'INVALID_URL',
        `A segment of the request path is longer than ${MAX_PARAM_LENGTH} characters; no id of this server is that long.`,
      );
    case 'FST_ERR_VALIDATION':
      return new AppError('INVALID_BODY', error.message);
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message)))
    return new AppError('INVALID_JSON', 'The request body is not valid JSON.');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('INVALID_BODY', error.message);
  return new AppError('INTERNAL', 'Internal server error.', { cause: error });
}
