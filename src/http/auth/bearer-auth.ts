import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';

/** A Fastify hook (usable as `onRequest` or `preHandler`) that admits a request or throws. */
export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Checks `Authorization: Bearer <key>` against `API_KEYS`. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, and every configured key is compared on every request, so the time taken says nothing
 * about how much of a guess was right or which key it resembled.
 */
export class ApiKeyChecker {
  readonly #digests: readonly Buffer[];

  /** @param apiKeys - the accepted keys; none means every request is admitted */
  constructor(apiKeys: readonly string[]) {
    this.#digests = apiKeys.map(digest);
  }

  /** Whether any key is required. */
  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  /** Whether `candidate` is one of the keys (true for anything when no key is configured). */
  accepts(candidate: string | undefined): boolean {
    if (!this.enabled) return true;
    if (candidate === undefined || candidate === '') return false;
    const given = digest(candidate);
    let match = false;
    // No early exit: the loop takes the same time whichever key matches, if any.
    for (const key of this.#digests) match = timingSafeEqual(given, key) || match;
    return match;
  }
}

/**
 * Builds the check that protects a route with `API_KEYS`: the key comes as `Authorization: Bearer <key>` or, as
 * Python's `gradio_client` sends its token, `X-HF-Authorization: Bearer <key>`. Without keys it admits everything as
 * the caller `open`.
 * A missing or unknown key rejects with {@link AppError} `INVALID_API_KEY` (401, with `WWW-Authenticate: Bearer`);
 * the surface's error handler gives it that surface's error shape. An admitted request gets its
 * {@link FastifyRequest.apiKeyId}. The key is never echoed or logged.
 * @param apiKeys - `config.http.apiKeys`
 */
export function createBearerAuth(apiKeys: readonly string[]): AuthHook {
  const checker = new ApiKeyChecker(apiKeys);
  return (request, reply) => {
    if (!checker.enabled) return Promise.resolve();
    // Python's gradio_client sends `hf_token=` / `token=` as X-HF-Authorization: either header may carry the key.
    const token =
      bearerToken(request.headers.authorization) ?? bearerToken(single(request.headers[HF_AUTH_HEADER]));
    const hfToken = bearerToken(single(request.headers[HF_AUTH_HEADER]));
    for (const candidate of new Set([token, hfToken])) {
      if (candidate !== undefined && checker.accepts(candidate)) {
        request.apiKeyId = apiKeyId(candidate);
        return Promise.resolve();
      }
    }
    void reply.header('www-authenticate', 'Bearer');
    return Promise.reject(
      new AppError(
        'INVALID_API_KEY',
        token === undefined
          ? 'Missing API key: send it in an "Authorization: Bearer <key>" header.'
          : 'Incorrect API key provided.',
      ),
    );
  };
}

/** The header Python's `gradio_client` puts its `hf_token` / `token` in (as `Bearer <token>`). */
export const HF_AUTH_HEADER = 'x-hf-authorization';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** The caller identity of a request admitted without `API_KEYS`. */
export const OPEN_CALLER = 'open';

/**
 * A stable, non-reversible name for an API key (`k` and 24 hex digits of its SHA-256): what runs and sessions
 * record as the key that made them. Keys are high-entropy secrets, so the prefix of the digest reveals nothing.
 */
export function apiKeyId(key: string): string {
  return `k${digest(key).toString('hex').slice(0, 24)}`;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S.*?)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
