// Adds tags, summary, hide… to Fastify's route schema type.
import '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { ErrorCode } from '../../errors/app-error.js';
import { everyRouteErrors } from './error-responses.js';
import { GRADIO_ROUTE_DOCS } from './gradio-route-docs.js';
import { MCP_ROUTE_DOCS } from './mcp-route-docs.js';
import { NATIVE_ROUTE_DOCS } from './native-route-docs.js';
import { OPENAI_ROUTE_DOCS } from './openai-route-docs.js';
import { OPS_ROUTE_DOCS } from './ops-route-docs.js';
import type { RouteDoc } from './route-doc.js';

/** Every documented route, by `METHOD url` as Fastify registers it. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...GRADIO_ROUTE_DOCS,
  ...OPENAI_ROUTE_DOCS,
  ...NATIVE_ROUTE_DOCS,
  ...OPS_ROUTE_DOCS,
  ...MCP_ROUTE_DOCS,
};

/** The codes every documented route can answer besides its own (see {@link everyRouteErrors}). */
export const EVERY_ROUTE_ERRORS: readonly ErrorCode[] = everyRouteErrors(
  Object.values(ROUTE_DOCS).flatMap((doc) => doc.errors.map((e) => (typeof e === 'string' ? e : e[0]))),
);

/** Path prefixes of API surfaces: a route under one of them without a doc entry is a mistake. */
const API_PREFIXES = [
  '/call',
  '/gradio_api',
  '/api',
  '/v1',
  '/healthz',
  '/readyz',
  '/metrics',
  '/config',
  '/mcp',
];

/** The method a route is documented under (HEAD routes Fastify adds for GET are not documented). */
function documentedMethod(route: Pick<RouteOptions, 'method'>): string | undefined {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.find((m) => m !== 'HEAD');
}

/** The documentation of a registered route, with the method it is documented under. */
export function routeDocOf(
  route: Pick<RouteOptions, 'method' | 'url'>,
): { readonly doc: RouteDoc; readonly method: string } | undefined {
  const method = documentedMethod(route);
  const doc = method === undefined ? undefined : ROUTE_DOCS[`${method} ${route.url}`];
  return doc && method ? { doc, method } : undefined;
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/**
 * Attaches the documentation of {@link ROUTE_DOCS} to routes as they are registered (register this before any
 * route and before `@fastify/swagger`): tags, summary, operation id, the request body and the security the
 * route's protection implies. Parameters and responses are added to the document only, by `openApiTransform`.
 * Routes without an entry — static files of the web chat, the docs page itself — are hidden from the spec; API
 * routes without one are collected in `undocumented` (a test keeps it empty).
 */
export function installRouteDocs(app: FastifyInstance): { readonly undocumented: string[] } {
  const undocumented: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const method = documentedMethod(route);
    if (method === undefined) return;
    const found = routeDocOf(route);
    if (!found) {
      if (API_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`)))
        undocumented.push(`${method} ${route.url}`);
      route.schema = { ...route.schema, hide: true };
      return;
    }
    const { doc } = found;
    route.schema = {
      ...route.schema,
      operationId: doc.operationId,
      tags: [...doc.tags],
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      ...(doc.body ? { body: doc.body instanceof z.ZodType ? json(doc.body) : doc.body } : {}),
      // Protection is declared where the route is registered (PUBLIC_ROUTE); the document only reports it.
      security: route.config?.public === true ? [] : [{ bearer: [] }],
    };
  });
  return { undocumented };
}
