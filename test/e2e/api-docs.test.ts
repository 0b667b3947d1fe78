import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/app-error.js';
import { newClientKey, readEvents } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface MediaType {
  schema: any;
}
interface Response {
  description: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  security: unknown[];
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
}
interface Spec {
  openapi: string;
  servers: Array<{ url: string }>;
  components: { schemas: Record<string, any> };
  paths: Record<string, Record<string, Operation>>;
}

let sim: LlmSimulator;
let server: TestServer;
let spec: Spec;

beforeAll(async () => {
  sim = await startLlmSimulator();
  server = await startTestServer(simEnv(sim.url));
  await waitReady(server.url);
  const r = await fetch(`${server.url}/openapi.json`);
  expect(r.status).toBe(200);
  spec = (await r.json()) as Spec;
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

const operations = (): Array<[string, string, Operation]> =>
  Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [path, method, op] as [string, string, Operation]),
  );
const op = (method: string, path: string): Operation => {
  const found = spec.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
};
const errorSchemaOf = (response: Response): string | undefined =>
  (response.content?.['application/json']?.schema?.$ref as string | undefined)?.split('/').pop();

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document describing every API route', () => {
    expect(spec.openapi).toBe('3.1.0');
    // Relative: the server does not know the URL its clients use (proxies); it resolves against the document's.
    expect(spec.servers).toEqual([expect.objectContaining({ url: '/' })]);
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
      ['/v1/models/{model}', 'get'],
      ['/api/v1/models/{model}', 'get'],
      ['/api/config', 'get'],
      ['/api/runs', 'post'],
      ['/api/runs/{run_id}/events', 'get'],
      ['/api/sessions/{id}', 'patch'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
    ] as const)
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    // Fastify's wildcard is named, never `{*}`.
    expect(Object.keys(spec.paths).filter((p) => p.includes('*'))).toEqual([]);
    expect(op('GET', '/v1/models/{model}').parameters).toEqual([
      expect.objectContaining({ in: 'path', name: 'model', required: true }),
    ]);
    // Bodies are generated from the zod schemas the routes validate with.
    const callBody = op('POST', '/call/{api}').requestBody!.content['application/json']!.schema;
    expect(callBody.properties.data.type).toBe('array');
    // Inputs may be null (@gradio/client pads missing ones that way); they count as "".
    expect(callBody.properties.data.items.type).toEqual(['string', 'null']);
    expect(op('POST', '/api/runs').requestBody!.content['application/json']!.schema.required).toContain(
      'question',
    );
    // Static files and the docs page itself are not API routes.
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/docs'))).toBe(false);
  });

  it('documents every API route that is registered', () => {
    expect(server.undocumentedRoutes).toEqual([]);
  });

  it('says which routes are public: security [] there, the bearer key everywhere else', () => {
    const publicOps = operations()
      .filter(([, , o]) => o.security.length === 0)
      .map(([p, m]) => `${m} ${p}`);
    expect(publicOps.sort()).toEqual(['get /api/config', 'get /healthz', 'get /readyz']);
    for (const [path, method, o] of operations()) {
      const has401 = o.responses['401'] !== undefined;
      expect(has401, `${method} ${path}`).toBe(o.security.length > 0);
    }
  });

  it('every operation has a success answer and its errors, by status, naming codes of docs/errors.md', () => {
    const named = new Set<string>();
    for (const [path, method, o] of operations()) {
      const where = `${method} ${path}`;
      const statuses = Object.keys(o.responses).map(Number);
      expect(
        statuses.some((s) => s >= 200 && s < 300),
        where,
      ).toBe(true);
      expect(
        statuses.some((s) => s >= 400 && s < 500),
        where,
      ).toBe(true);
      expect(o.responses['500'], where).toBeDefined();
      for (const status of statuses.filter((s) => s >= 400)) {
        const response = o.responses[String(status)]!;
        const codes = [...response.description.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
        expect(codes.length, `${where} ${status}`).toBeGreaterThan(0);
        for (const code of codes) {
          expect(ERROR_CODES, `${where} ${status}: ${code}`).toHaveProperty(code);
          named.add(code);
        }
      }
    }
    // Every code a route can answer over HTTP is documented somewhere; NOT_FOUND answers URLs of no route, and
    // SERVER_RESTARTED is only ever stored with a turn closed after a restart.
    expect(Object.keys(ERROR_CODES).filter((c) => !named.has(c))).toEqual(['NOT_FOUND', 'SERVER_RESTARTED']);
  });

  it('error bodies have the shape of their surface', () => {
    const shapes = (path: string, method = 'get') =>
      new Set(
        Object.entries(op(method, path).responses)
          .filter(([s]) => Number(s) >= 400)
          .map(([, r]) => errorSchemaOf(r)),
      );
    expect(shapes('/gradio_api/queue/join', 'post')).toEqual(new Set(['GradioError']));
    expect(shapes('/config')).toEqual(new Set(['GradioError']));
    expect(shapes('/v1/chat/completions', 'post')).toEqual(new Set(['OpenAiError']));
    expect(shapes('/api/runs', 'post')).toEqual(new Set(['Error']));
    expect(shapes('/call/{api}', 'post')).toEqual(new Set(['Error']));
    expect(spec.components.schemas.GradioError.properties).toHaveProperty('detail');
    expect(spec.components.schemas.Error.required).toEqual(['error']);
    expect(spec.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });

  it('event streams are documented as text/event-stream', () => {
    for (const [method, path] of [
      ['GET', '/call/{api}/{eventId}'],
      ['GET', '/gradio_api/queue/data'],
      ['GET', '/gradio_api/heartbeat/{sessionHash}'],
      ['GET', '/api/runs/{run_id}/events'],
      ['POST', '/v1/chat/completions'],
    ] as const)
      expect(op(method, path).responses['200']!.content, `${method} ${path}`).toHaveProperty(
        'text/event-stream',
      );
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

describe('real answers are what the document says', () => {
  let ajv: Ajv2020;
  beforeAll(() => {
    ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  });

  /**
   * Sends a request and checks its answer against the operation documented at `template`: the status is
   * documented, the content type is one it lists, and a JSON body validates against its schema.
   */
  async function check(
    method: string,
    template: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: any }> {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const where = `${method} ${path} → ${r.status}`;
    const response = op(method, template).responses[String(r.status)];
    expect(response, `${where} is not documented`).toBeDefined();
    const type = r.headers.get('content-type')?.split(';')[0];
    if (!response!.content) {
      expect(await r.text(), where).toBe('');
      return { status: r.status, json: undefined };
    }
    expect(Object.keys(response!.content), where).toContain(type);
    if (type === 'text/event-stream') {
      await r.body?.cancel();
      return { status: r.status, json: undefined };
    }
    const json: unknown = await r.json();
    const validate = ajv.compile({
      components: spec.components,
      ...response!.content[type!]!.schema,
    });
    expect(validate(json) ? [] : validate.errors, `${where}: ${JSON.stringify(json)}`).toEqual([]);
    return { status: r.status, json };
  }

  it('operations, Gradio and OpenAI routes', async () => {
    await check('GET', '/healthz', '/healthz');
    await check('GET', '/readyz', '/readyz');
    await check('GET', '/config', '/config');
    await check('GET', '/gradio_api/info', '/gradio_api/info');
    const models = await check('GET', '/v1/models', '/v1/models');
    const { id, owned_by: provider } = models.json.data[0];
    expect((await check('GET', '/v1/models/{model}', `/v1/models/${id}`)).status).toBe(200);
    // A model id with a slash reaches the wildcard route, as `{model}` says.
    expect((await check('GET', '/v1/models/{model}', `/v1/models/${provider}/${id}`)).status).toBe(200);
    expect((await check('GET', '/api/v1/models/{model}', '/api/v1/models/nope')).status).toBe(404);
    const completion = await check('POST', '/v1/chat/completions', '/v1/chat/completions', {
      body: { model: id, messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect(completion.status).toBe(200);
    await check('POST', '/v1/chat/completions', '/v1/chat/completions', {
      body: { model: id, stream: true, messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect((await check('POST', '/v1/chat/completions', '/v1/chat/completions', { body: {} })).status).toBe(
      400,
    );

    const call = await check('POST', '/call/{api}', '/call/ask', { body: { data: ['Hello'] } });
    expect(call.json.event_id).toEqual(expect.any(String));
    await check('GET', '/call/{api}/{eventId}', `/call/ask/${call.json.event_id}`);
    expect((await check('GET', '/call/{api}/{eventId}', '/call/ask/unknown')).status).toBe(404);
    expect((await check('POST', '/call/{api}', '/call/nope', { body: { data: ['Hello'] } })).status).toBe(
      404,
    );

    const session_hash = 'docs-test-session';
    const join = await check('POST', '/gradio_api/queue/join', '/gradio_api/queue/join', {
      body: { data: ['Hello', null, null, null, null], fn_index: 0, session_hash },
    });
    expect(join.status).toBe(200);
    for (const body of [
      { data: ['Hello'], session_hash },
      { data: [1], fn_index: 0, session_hash },
    ])
      expect((await check('POST', '/gradio_api/queue/join', '/gradio_api/queue/join', { body })).status).toBe(
        body.fn_index === undefined ? 400 : 422,
      );
    await check('GET', '/gradio_api/queue/data', `/gradio_api/queue/data?session_hash=${session_hash}`);
    expect((await check('GET', '/gradio_api/queue/data', '/gradio_api/queue/data')).status).toBe(400);
    expect((await check('POST', '/gradio_api/cancel', '/gradio_api/cancel', { body: {} })).status).toBe(422);
    const cancel = await check('POST', '/gradio_api/cancel', '/gradio_api/cancel', {
      body: { event_id: 'unknown', session_hash },
    });
    expect(cancel.status).toBe(404);
    await check('POST', '/gradio_api/reset', '/gradio_api/reset', { body: {} });
  });

  it('native run API', async () => {
    const key = newClientKey();
    const headers = { 'x-client-key': key };
    await check('GET', '/api/config', '/api/config');
    expect((await check('GET', '/api/sessions', '/api/sessions')).status).toBe(401);
    const started = await check('POST', '/api/runs', '/api/runs', { body: { question: 'Hello' }, headers });
    expect(started.status).toBe(202);
    const { run_id, session_id } = started.json;
    const events = await readEvents(server.url, key, run_id);
    expect(events.contentType).toMatch(/^text\/event-stream/);
    expect(
      (await check('POST', '/api/runs/{run_id}/cancel', `/api/runs/${run_id}/cancel`, { headers })).status,
    ).toBe(409);
    expect(
      (await check('GET', '/api/runs/{run_id}/events', `/api/runs/${run_id}/events?after=x`, { headers }))
        .status,
    ).toBe(400);
    await check('GET', '/api/sessions', '/api/sessions', { headers });
    const session = await check('GET', '/api/sessions/{id}', `/api/sessions/${session_id}`, { headers });
    expect(session.json.turns).toHaveLength(1);
    await check('PATCH', '/api/sessions/{id}', `/api/sessions/${session_id}`, {
      body: { title: 'Renamed' },
      headers,
    });
    expect(
      (await check('DELETE', '/api/sessions/{id}', `/api/sessions/${session_id}`, { headers })).status,
    ).toBe(204);
    expect(
      (await check('GET', '/api/sessions/{id}', `/api/sessions/${session_id}`, { headers })).status,
    ).toBe(404);
  });
});
