import type { FastifySchema, RouteOptions } from 'fastify';
import { errorResponses, type SwaggerResponse } from './error-responses.js';
import { ref } from './openapi-schemas.js';
import type { ErrorShape, JsonSchema, ParamsDoc, RouteDoc } from './route-doc.js';
import { EVERY_ROUTE_ERRORS, routeDocOf } from './route-docs.js';

/** What `@fastify/swagger` hands its `transform` option for each route. */
interface TransformInput {
  readonly schema: FastifySchema;
  readonly url: string;
  readonly route: RouteOptions;
}

const objectOf = (params: ParamsDoc): JsonSchema => ({
  type: 'object',
  properties: params.properties,
  ...(params.required ? { required: [...params.required] } : {}),
});

/** The answers of a route that are not errors, merged with error answers of the same status (`oneOf`). */
function successResponses(
  doc: RouteDoc,
  errors: Record<number, SwaggerResponse>,
  shape: ErrorShape,
): Record<number, SwaggerResponse> {
  const responses: Record<number, SwaggerResponse> = {};
  for (const [key, success] of Object.entries(doc.responses)) {
    const status = Number(key);
    const error = errors[status];
    const json = success.json && error ? { oneOf: [success.json, ref(shape)] } : success.json;
    const content = {
      ...(json ? { 'application/json': { schema: json } } : {}),
      ...(success.sse
        ? { 'text/event-stream': { schema: { type: 'string', description: success.sse } } }
        : {}),
      ...(success.text ? { 'text/plain': { schema: { type: 'string', description: success.text } } } : {}),
      ...(success.binary
        ? {
            'application/octet-stream': {
              schema: { type: 'string', format: 'binary', description: success.binary },
            },
          }
        : {}),
    };
    const description = error ? `${success.description} ${String(error.description)}` : success.description;
    // `type: 'null'` tells @fastify/swagger the answer has no body (204).
    responses[status] =
      Object.keys(content).length > 0 ? { ...error, description, content } : { description, type: 'null' };
  }
  return responses;
}

/**
 * `@fastify/swagger`'s `transform`: completes a documented route in the document only — its path parameters
 * (Fastify's `*` gets the name of {@link RouteDoc.wildcard}: `/v1/models/{model}`), query and headers, a body the
 * route reads by itself, and every response it can give: its answers and, by status, the errors of
 * `docs/errors.md` it can answer, in its surface's error shape. The route itself is not changed (its validators
 * and serializers never see these schemas).
 */
export function openApiTransform({ schema, url, route }: TransformInput): {
  schema: FastifySchema;
  url: string;
} {
  const found = routeDocOf(route);
  if (!found) return { schema, url };
  const { doc, method } = found;
  const documentedUrl = doc.wildcard ? url.replace(/\*$/, `:${doc.wildcard}`) : url;
  const names = [...documentedUrl.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const errors = errorResponses({
    method,
    url,
    protected: route.config?.public !== true,
    errors: doc.errors,
    shape: doc.errorShape,
    everyRoute: EVERY_ROUTE_ERRORS,
  });
  return {
    url: documentedUrl,
    schema: {
      ...schema,
      ...(names.length > 0
        ? {
            params: objectOf({
              properties: Object.fromEntries(names.map((n) => [n, doc.params?.[n] ?? { type: 'string' }])),
              required: names,
            }),
          }
        : {}),
      ...(doc.query ? { querystring: objectOf(doc.query) } : {}),
      ...(doc.headers ? { headers: objectOf(doc.headers) } : {}),
      ...(doc.documentedBody ? { body: doc.documentedBody } : {}),
      ...(doc.consumes ? { consumes: [...doc.consumes] } : {}),
      response: { ...errors, ...successResponses(doc, errors, doc.errorShape) },
    },
  };
}
