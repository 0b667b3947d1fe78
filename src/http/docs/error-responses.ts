import { STATUS_CODES } from 'node:http';
import { ERROR_CODES, type ErrorCode } from '../../errors/app-error.js';
import { ref } from './openapi-schemas.js';
import type { ErrorShape, RouteError } from './route-doc.js';

const ALL_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** Methods whose requests Fastify reads a body for, before any handler runs. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reading a request body: every route of a method with a body can answer these. */
export const BODY_ERRORS: readonly ErrorCode[] = [
  'INVALID_JSON',
  'INVALID_BODY',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
];

/** A path parameter that cannot be decoded or is over-long: every route with a parameter. */
const PATH_ERRORS: readonly ErrorCode[] = ['INVALID_URL'];

/**
 * The ways a run that was accepted can fail: the event streams carry them as their `error` event, and a
 * chat completion that fails before it sent anything answers them as HTTP errors. Every `LLM_*` code is one.
 */
export const RUN_FAILURES: readonly ErrorCode[] = [
  ...ALL_CODES.filter((code) => code.startsWith('LLM_')),
  'QUEUE_TIMEOUT',
  'APP_INITIALIZING',
  'EMPTY_QUESTION',
  'RUN_CANCELLED',
];

/**
 * Codes of no documented route: NOT_FOUND answers a URL that matches no route; the API key is per route;
 * SERVER_RESTARTED is never an answer, only the error code of a turn closed after a restart (stored history).
 */
const NOT_ROUTE_ERRORS: readonly ErrorCode[] = ['NOT_FOUND', 'INVALID_API_KEY', 'SERVER_RESTARTED'];

/**
 * The codes every route can answer whatever it does: those of `ERROR_CODES` that no route names and that none of
 * the groups above holds — today the connection's (REQUEST_TIMEOUT, HEADERS_TOO_LARGE, MALFORMED_REQUEST),
 * SHUTTING_DOWN and INTERNAL. A code added to `ERROR_CODES` is documented on every route until a route names it.
 * @param named - the codes the routes name as their own
 */
export function everyRouteErrors(named: Iterable<ErrorCode>): ErrorCode[] {
  const claimed = new Set<ErrorCode>([
    ...named,
    ...BODY_ERRORS,
    ...PATH_ERRORS,
    ...RUN_FAILURES,
    ...NOT_ROUTE_ERRORS,
  ]);
  return ALL_CODES.filter((code) => !claimed.has(code));
}

/** What decides which errors one route documents. */
export interface RouteErrorsInput {
  readonly method: string;
  /** The route URL as Fastify has it (`:param`, `*`). */
  readonly url: string;
  /** Whether the route needs the API key (not public). */
  readonly protected: boolean;
  readonly errors: readonly RouteError[];
  readonly shape: ErrorShape;
  /** {@link everyRouteErrors} of the whole table. */
  readonly everyRoute: readonly ErrorCode[];
}

/** A response of a route schema as `@fastify/swagger` reads it. */
export type SwaggerResponse = Record<string, unknown>;

/** Why a status is answered, in words, before the codes. */
function statusText(status: number): string {
  return STATUS_CODES[status] ?? (status === 499 ? 'Client Closed Request' : 'Error');
}

/**
 * The error responses of one route, by status: each names its codes of `docs/errors.md` and has the body of the
 * route's surface. `INVALID_API_KEY` comes with `WWW-Authenticate: Bearer`; the OpenAI routes say whether to
 * retry in `x-should-retry`.
 */
export function errorResponses(input: RouteErrorsInput): Record<number, SwaggerResponse> {
  const pairs: Array<readonly [ErrorCode, number]> = [
    ...input.errors.map((e) => (typeof e === 'string' ? ([e, ERROR_CODES[e].status] as const) : e)),
    ...(BODY_METHODS.has(input.method) ? BODY_ERRORS : []).map(withStatus),
    ...(/[:*]/.test(input.url) ? PATH_ERRORS : []).map(withStatus),
    ...(input.protected ? (['INVALID_API_KEY'] as const) : []).map(withStatus),
    ...input.everyRoute.map(withStatus),
  ];
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const [code, status] of pairs) {
    const codes = byStatus.get(status) ?? new Set<ErrorCode>();
    codes.add(code);
    byStatus.set(status, codes);
  }
  const responses: Record<number, SwaggerResponse> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const codes = [...byStatus.get(status)!].sort();
    const headers: Record<string, unknown> = {
      ...(codes.includes('INVALID_API_KEY')
        ? { 'www-authenticate': { type: 'string', description: '`Bearer` (with INVALID_API_KEY)' } }
        : {}),
      ...(input.shape === 'OpenAiError'
        ? {
            'x-should-retry': {
              type: 'string',
              enum: ['true', 'false'],
              description: 'Whether trying again may succeed (the OpenAI SDKs read it).',
            },
          }
        : {}),
    };
    responses[status] = {
      description: `${statusText(status)}: ${codes.map((c) => `\`${c}\``).join(', ')} (docs/errors.md).`,
      content: { 'application/json': { schema: ref(input.shape) } },
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    };
  }
  return responses;
}

function withStatus(code: ErrorCode): readonly [ErrorCode, number] {
  return [code, ERROR_CODES[code].status];
}
