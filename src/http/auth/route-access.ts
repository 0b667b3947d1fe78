import type { FastifyInstance, RouteOptions } from 'fastify';
import { createBearerAuth, OPEN_CALLER } from './bearer-auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Open without an API key. Declared where the route is registered; every other route, and every URL that
     * matches no route, needs a key when `API_KEYS` is set.
     * @default false
     */
    public?: boolean;
  }
  interface FastifyRequest {
    /**
     * Who the API key says the caller is: {@link OPEN_CALLER} when `API_KEYS` is not set (or on a public route),
     * else the key's {@link apiKeyId}. Runs and sessions of the Gradio and OpenAI surfaces are owned by it.
     */
    apiKeyId: string;
  }
}

/** A registered route and whether it was declared public. */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly public: boolean;
}

/** Route options that declare a route public (spread into the options of `app.get(…)`). */
export const PUBLIC_ROUTE = { config: { public: true } } as const;

/**
 * Installs the API key gate: one `onRequest` hook that reads the protection of **the route that matched**
 * (`request.routeOptions.config.public`), never the URL, so every spelling that reaches a handler passes the same
 * check, and default-deny: a route not declared public, and the not-found handler, need a key when `API_KEYS` is
 * set. Register it before any route.
 */
export function installApiKeyGate(
  app: FastifyInstance,
  apiKeys: readonly string[],
): { readonly routes: readonly RouteAccess[] } {
  const auth = createBearerAuth(apiKeys);
  const routes: RouteAccess[] = [];
  // Read when the app is ready, after every scope's own onRoute hooks have declared their routes public.
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method])
      routes.push({
        method,
        url: route.url,
        get public() {
          return route.config?.public === true;
        },
      });
  });
  app.decorateRequest('apiKeyId', OPEN_CALLER);
  app.addHook('onRequest', (request, reply) =>
    request.routeOptions.config.public === true ? Promise.resolve() : auth(request, reply),
  );
  return { routes };
}

/**
 * Declares every route registered in `scope` from now on public: for plugins that register routes of their own
 * (the web chat's static files, the API docs page), so the declaration still sits where the routes are made.
 */
export function makeScopePublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...route.config, public: true };
  });
}
