import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ OPENROUTER_API_KEY: undefined });
});
afterAll(async () => {
  await server.close();
});

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document describing every API route', async () => {
    const r = await fetch(`${server.url}/openapi.json`);
    expect(r.status).toBe(200);
    const spec = (await r.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: any }> } }>>;
    };
    expect(spec.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/call/{api}', 'post'],
      ['/call/{api}/{eventId}', 'get'],
      ['/gradio_api/call/{api}', 'post'],
      ['/config', 'get'],
      ['/gradio_api/info', 'get'],
      ['/gradio_api/queue/join', 'post'],
      ['/gradio_api/queue/data', 'get'],
      ['/v1/chat/completions', 'post'],
      ['/api/v1/chat/completions', 'post'],
      ['/v1/models', 'get'],
      ['/api/config', 'get'],
      ['/api/runs', 'post'],
      ['/api/runs/{run_id}/events', 'get'],
      ['/api/sessions/{id}', 'patch'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
    ] as const)
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    // Bodies are generated from the zod schemas the routes validate with.
    const callBody = spec.paths['/call/{api}']!.post!.requestBody!.content['application/json']!.schema;
    expect(callBody.properties.data.type).toBe('array');
    // Inputs may be null (@gradio/client pads missing ones that way); they count as "".
    expect(callBody.properties.data.items.type).toEqual(['string', 'null']);
    expect(
      spec.paths['/api/runs']!.post!.requestBody!.content['application/json']!.schema.required,
    ).toContain('question');
    // Static files and the docs page itself are not API routes.
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/docs'))).toBe(false);
  });

  it('documents every API route that is registered', () => {
    expect(server.undocumentedRoutes).toEqual([]);
  });

  it('serves Swagger UI at /docs', async () => {
    const r = await fetch(`${server.url}/docs`);
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/swagger/i);
  });

  it('still validates with zod: the docs schema does not replace the clear errors', async () => {
    const r = await fetch(`${server.url}/call/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: ['q', 1] }),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      error: { code: 'INVALID_BODY', message: 'data[1] must be a string' },
    });
  });
});
