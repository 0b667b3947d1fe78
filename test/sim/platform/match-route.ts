import type { Route } from './route.js';

/** The outcome of matching a request against the route table. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Splits a path template into segments; `{name}` segments are parameters. Literal segments compare
 * case-insensitively (IIS/ASP.NET routing).
 */
export function templateSegments(template: string): string[] {
  return template.split('/').filter((segment) => segment !== '');
}

/** Matches decoded path segments against templates; returns the parameters, or undefined. */
export function matchTemplate(
  template: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = templateSegments(template);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const segment = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = segment;
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return params;
}

function literalCount(template: string): number {
  return templateSegments(template).filter((part) => !part.startsWith('{')).length;
}

/**
 * Finds the route for a request. Among templates matching the path, the one with the method wins, and
 * among those the most literal one (`Form/List/{x}` before `Form/{app}/{x}`). A path served only with other
 * methods gives method-not-allowed with the allowed methods (ASP.NET's 405).
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): RouteMatch {
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  const allowed = new Set<string>();
  for (const route of routes) {
    const params = matchTemplate(route.template, segments);
    if (!params) continue;
    allowed.add(route.method);
    if (route.method !== method.toUpperCase()) continue;
    const literals = literalCount(route.template);
    if (!best || literals > best.literals) best = { route, params, literals };
  }
  if (best) return { kind: 'found', route: best.route, params: best.params };
  if (allowed.size > 0) return { kind: 'method-not-allowed', allowed: [...allowed].sort() };
  return { kind: 'not-found' };
}
