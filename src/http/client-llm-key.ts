import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** The header a client sends its own LLM key in, for its runs only. */
export const CLIENT_LLM_KEY_HEADER = 'x-llm-api-key';

/**
 * The client's own LLM key from `X-LLM-API-Key`, for the provider of the model its run uses (the original's
 * per-session keys). It is passed to that one run and never stored, logged or echoed.
 * @param allowed - `ALLOW_CLIENT_LLM_KEYS`
 * @throws AppError CLIENT_LLM_KEY_FORBIDDEN when a key is sent and the server does not allow it;
 *   INVALID_PARAMS for a key that is not one printable token of at most 512 characters
 */
export function clientLlmKey(request: FastifyRequest, allowed: boolean): string | undefined {
  const raw = request.headers[CLIENT_LLM_KEY_HEADER];
  if (raw === undefined) return undefined;
  const key = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  if (key === '') return undefined;
  if (!allowed)
    throw new AppError(
      'CLIENT_LLM_KEY_FORBIDDEN',
      'This server does not accept LLM keys from clients (ALLOW_CLIENT_LLM_KEYS is off): send the request without X-LLM-API-Key.',
    );
  if (key.length > 512 || !/^[\x21-\x7e]+$/.test(key))
    throw new AppError(
      'INVALID_PARAMS',
      'Invalid X-LLM-API-Key header: one key of at most 512 printable characters.',
    );
  return key;
}
