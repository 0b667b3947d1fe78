import { BaseResolver, lintFromString, loadConfig } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

// Issue 9: `npx @redocly/cli lint` on /openapi.json found 8 errors and 55 warnings (no servers, the wildcard route
// as `/v1/models/{*}`, public routes without `security: []`, no 4xx and untyped success answers). The document a
// real server serves is linted here with Redocly's `recommended` rules, offline.

let server: TestServer;
let source: string;

beforeAll(async () => {
  // With API_KEYS set, as in production: the document is public, as a linter fetching it would find.
  server = await startTestServer({ OPENROUTER_API_KEY: undefined, API_KEYS: 'sk-lint-test-key-0123456789' });
  const r = await fetch(`${server.url}/openapi.json`);
  expect(r.status).toBe(200);
  source = await r.text();
});
afterAll(async () => {
  await server.close();
});

/** Lints an OpenAPI document with the repository's `redocly.yaml` (recommended rules); refs are never fetched. */
async function lint(text: string) {
  // The repository's redocly.yaml: what `npx @redocly/cli lint` uses too.
  const config = await loadConfig({ configPath: 'redocly.yaml' });
  const offline = new BaseResolver({
    http: {
      headers: [],
      customFetch: () => Promise.reject(new Error('no network in tests')),
    },
  });
  const problems = await lintFromString({
    source: text,
    absoluteRef: 'openapi.json',
    config,
    externalRefResolver: offline,
  });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

describe('/openapi.json passes Redocly lint (recommended rules)', () => {
  it('with no error and no warning', async () => {
    expect(await lint(source)).toEqual([]);
  });

  it('the linter is live: the issue-9 defects are reported', async () => {
    const spec = JSON.parse(source) as {
      servers?: unknown;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    delete spec.servers;
    const { get } = spec.paths['/v1/models/{model}']!;
    spec.paths['/v1/models/{*}'] = { get: get! };
    delete spec.paths['/v1/models/{model}'];
    const responses = spec.paths['/healthz']!.get!.responses;
    for (const status of Object.keys(responses)) if (status.startsWith('4')) delete responses[status];
    const problems = await lint(JSON.stringify(spec));
    expect(problems.join('\n')).toMatch(/^error no-empty-servers/m);
    expect(problems.join('\n')).toMatch(/^error path-parameters-defined/m);
    expect(problems.join('\n')).toMatch(
      /^warn operation-4xx-response: .* at #\/paths\/~1healthz\/get\/responses$/m,
    );
  });
});
