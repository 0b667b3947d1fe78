import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { toAppError } from '../error-handler.js';
import { toOpenAiError } from './openai-error.js';

/**
 * Gives every failure inside the OpenAI-compatible scope OpenAI's error shape
 * (`{"error": {"message", "type", "param", "code"}}`) with the status of its code, and tells the OpenAI SDKs
 * whether to retry (`x-should-retry`), so they do not retry a refused key or an unknown model.
 * @param scope - the encapsulated Fastify scope of the OpenAI routes (one per prefix)
 */
export function installOpenAiErrorHandler(scope: FastifyInstance, bodyLimitBytes: number): void {
  scope.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: appError.code }, appError.message);
    return reply
      .status(appError.status)
      .header('x-should-retry', String(appError.isRetryable))
      .send(toOpenAiError(appError));
  });
  scope.setNotFoundHandler((request, reply) => {
    const e = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.status(404).header('x-should-retry', 'false').send(toOpenAiError(e));
  });
}
