import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';

/** The header that carries the browser's secret client key. */
export const CLIENT_KEY_HEADER = 'x-client-key';

const KEY_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The owner a native API request acts for: sha256 (hex) of its `X-Client-Key`. Only the hash is ever stored or
 * compared, so a leaked database does not hand out keys.
 * @throws AppError INVALID_CLIENT_KEY when the header is missing, repeated or not 32–128 of `[A-Za-z0-9_-]`
 */
export function clientOwner(request: FastifyRequest): string {
  const key = request.headers[CLIENT_KEY_HEADER];
  if (typeof key !== 'string' || !KEY_SHAPE.test(key)) {
    throw new AppError(
      'INVALID_CLIENT_KEY',
      key === undefined
        ? 'Missing X-Client-Key header: send a random key of 32-128 characters [A-Za-z0-9_-].'
        : 'Invalid X-Client-Key header: it must be one random key of 32-128 characters [A-Za-z0-9_-].',
    );
  }
  return hashClientKey(key);
}

/** sha256 (hex) of a client key. */
export function hashClientKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
