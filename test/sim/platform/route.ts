import type { PlatformState } from './platform-state.js';

/** What a handler sees of one request. */
export interface RouteContext {
  /** The simulator's in-memory platform. */
  readonly state: PlatformState;
  /** Path parameters by their OpenAPI names, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters as received (look names up with {@link queryValue}, which ignores case). */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed body: a JSON value, the trimmed text when it is not JSON, undefined when empty. */
  readonly body: unknown;
  /** The authenticated login. */
  readonly login: string;
  /** `account.N` of the authenticated login (the creator of what the request creates). */
  readonly accountId: string;
  /** The current time as the platform writes it: ISO 8601 UTC without milliseconds. */
  readonly now: () => string;
}

/** A raw (non-JSON) response body, e.g. document content. */
export class BinaryBody {
  constructor(
    readonly content: Buffer,
    readonly contentType: string,
    readonly fileName?: string,
  ) {}
}

/** Handles one route: returns the `response` payload (enveloped or bare per the route) or a BinaryBody, or throws WebApiFailure. */
export type RouteHandler = (context: RouteContext) => unknown;

/** One served operation. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path template exactly as in the OpenAPI file, System Core paths prefixed with `/api/public/system`. */
  template: string;
  /** `/webapi` (web_api_v1.json) or `/api/public/system` (system_core_api.json). */
  surface: 'webapi' | 'system';
  /** Whether the payload is wrapped in `{response, success}` (false for System Core and the bare Image routes). */
  envelope: boolean;
  /** One line on what the simulator does. */
  summary: string;
  handle: RouteHandler;
}

/** A query parameter by name, ignoring case (ASP.NET binds query names case-insensitively). */
export function queryValue(context: RouteContext, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(context.query)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Declares a Web API route answered in the `{response, success}` envelope. */
export function webApiRoute(
  method: Route['method'],
  template: string,
  summary: string,
  handle: RouteHandler,
  options: { envelope?: boolean } = {},
): Route {
  return { method, template, surface: 'webapi', envelope: options.envelope ?? true, summary, handle };
}

/** Declares a System Core route (`POST /api/public/system/...`, bare JSON). */
export function systemCoreRoute(path: string, summary: string, handle: RouteHandler): Route {
  return {
    method: 'POST',
    template: `/api/public/system${path}`,
    surface: 'system',
    envelope: false,
    summary,
    handle,
  };
}
