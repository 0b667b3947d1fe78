import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { rawRequest } from '../helpers/raw-request.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';

// Issue 8, item 1: protection is a property of the route that matched, never of how the URL was spelled. Every
// registered route that is not declared public must refuse a request without the key, however its URL is written.

const KEY = 'auth-matrix-key-0123456789abcdef';
/** The routes that are public by design (docs/security.md says why). */
const PUBLIC = [
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/api\/config$/,
  /^\/openapi\.json$/,
  /^\/docs(\/|$)/,
  // The web chat: its page, the catch-all that serves it for client-side paths, and one route per built file.
  /^\/$/,
  /^\/\*$/,
  /^\/[\w.-]+\.(html|svg|ico|png|txt|webmanifest|js|css)$/,
  /^\/assets\/[\w.-]+$/,
];

let sim: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url, { API_KEYS: KEY }));
  await waitReady(server.url);
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

/** A concrete path for a route pattern: every parameter gets a plausible value. */
function concrete(url: string): string {
  return url
    .replace(':api', 'ask_stream')
    .replace(/:[A-Za-z_]+/g, '0123456789abcdef0123456789abcdef')
    .replace('*', 'x');
}

/** The route's concrete path with its fixed segments in upper case (parameter values keep their case). */
function upperCased(url: string): string {
  return concrete(
    url
      .split('/')
      .map((segment) => (segment.startsWith(':') || segment === '*' ? segment : segment.toUpperCase()))
      .join('/'),
  );
}

/** The spellings of one route's path that an attacker tries; each must reach the same route or none. */
function spellings(url: string, origin: string): Record<string, string> {
  const path = concrete(url);
  const segments = path.split('/').filter(Boolean);
  const first = segments[0] ?? '';
  const encodedFirst = `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`;
  const rest = segments.slice(1).join('/');
  const tail = rest === '' ? '' : `/${rest}`;
  return {
    plain: path,
    'percent-encoded segment': `/${encodedFirst}${tail}`,
    'encoded underscore or letter': path.replace('_', '%5F').replace('v1', '%76%31'),
    'double slash': `/${path}`,
    'inner double slash': path.replace(/\/([^/]*)$/, '//$1'),
    'dot segment': `/.${path}`,
    'dot-dot segment': `/x/..${path}`,
    'encoded dot-dot': `/x/%2e%2e${path}`,
    'upper case': upperCased(url),
    'trailing slash': `${path}/`,
    'absolute form': `${origin}${path}`,
  };
}

describe('the API key gate, route by route', () => {
  it('knows the routes it protects (the test walks a real list)', () => {
    const protectedRoutes = server.routes.filter((r) => !r.public && r.method !== 'HEAD');
    // Gradio /call ×2 prefixes ×2, queue ×6, OpenAI ×2 prefixes ×3, native ×7 at least.
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(20);
    for (const route of server.routes.filter((r) => r.public))
      expect(
        PUBLIC.some((p) => p.test(route.url)),
        `${route.method} ${route.url} is public`,
      ).toBe(true);
  });

  it('refuses every non-public route without the key, under every spelling', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const route of server.routes) {
      if (route.public || route.method === 'HEAD') continue;
      for (const [name, target] of Object.entries(spellings(route.url, server.url))) {
        probes++;
        const answer = await rawRequest(server.url, route.method, target, { statusOnly: true });
        if (answer.status !== 401) failures.push(`${route.method} ${target} (${name}) → ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(200);
  });

  it('with the key, every spelling reaches the same route as the plain one', async () => {
    const failures: string[] = [];
    // The native API also wants its client key; with both, a request gets past every check of identity.
    const auth = { authorization: `Bearer ${KEY}`, 'x-client-key': 'c'.repeat(43) };
    for (const route of server.routes) {
      if (route.public || route.method === 'HEAD') continue;
      const all = spellings(route.url, server.url);
      const plain = await rawRequest(server.url, route.method, concrete(route.url), {
        headers: auth,
        statusOnly: true,
      });
      for (const [name, target] of Object.entries(all)) {
        const answer = await rawRequest(server.url, route.method, target, {
          headers: auth,
          statusOnly: true,
        });
        if (answer.status !== plain.status || answer.status === 401)
          failures.push(`${route.method} ${target} (${name}) → ${answer.status}, plain → ${plain.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses URLs that match no route without the key (default deny), and a wrong key everywhere', async () => {
    for (const target of ['/nope', '/call', '/api/unknown', '/v1/unknown', '/gradio_api/unknown'])
      expect((await rawRequest(server.url, 'POST', target, { statusOnly: true })).status, target).toBe(401);
    const wrong = { authorization: 'Bearer not-the-key' };
    expect(
      (await rawRequest(server.url, 'POST', '/call/ask_stream', { headers: wrong, statusOnly: true })).status,
    ).toBe(401);
  });

  it('leaves the public routes open', async () => {
    for (const path of ['/healthz', '/readyz', '/api/config', '/openapi.json'])
      expect((await rawRequest(server.url, 'GET', path)).status, path).toBe(200);
  });

  it('starts no run for any refused request', () => {
    expect(server.runs.stats.stored).toBe(0);
    expect(sim.requests).toEqual([]);
  });
});
