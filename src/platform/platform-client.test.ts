import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fakeDns } from '../../test/platform/fake-dns.js';
import { sendJson, startLocalServer, type LocalServer } from '../../test/platform/local-http-server.js';
import { createPlatformAgent } from './platform-agent.js';
import { PlatformClient, type PlatformClientOptions } from './platform-client.js';
import { PlatformError } from './platform-error.js';
import { platformPath } from './platform-path.js';

const PASSWORD = 'S3cret-Pa55word!';
const agent = createPlatformAgent();
let server: LocalServer;
let other: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
  other = await startLocalServer((_req, res) => sendJson(res, 200, { success: true, response: 'other' }));
});
afterAll(async () => {
  await server.close();
  await other.close();
  await agent.close();
});
afterEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
});

function client(overrides: Partial<PlatformClientOptions> = {}): PlatformClient {
  return new PlatformClient({
    target: { baseUrl: server.url, login: 'admin', password: PASSWORD },
    timeoutMs: 2000,
    urlPolicy: { allowedBaseUrls: [] },
    dispatcher: agent,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    const e = error as PlatformError;
    expect(e.message).not.toContain(PASSWORD);
    return e;
  }
  throw new Error('the call did not fail');
}

describe('PlatformClient', () => {
  it('sends Basic auth and JSON, and unwraps the envelope', async () => {
    server.handle((_req, res) =>
      sendJson(res, 200, { response: [{ alias: 'App', name: 'App' }], success: true }),
    );
    const data = await client().webApi('POST', platformPath`webapi/Solution`, {
      body: { alias: 'Тест', name: 'x' },
      schema: z.array(z.object({ alias: z.string() })),
    });
    expect(data).toEqual([{ alias: 'App' }]);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ alias: 'Тест', name: 'x' });
  });

  it('percent-encodes Cyrillic aliases in the path and keeps @', async () => {
    server.handle((_req, res) => sendJson(res, 200, { response: [], success: true }));
    await client().webApi('GET', platformPath`webapi/Attribute/List/Template@${'Тестинтеграций'}.${'Cars'}`, {
      schema: z.array(z.unknown()),
    });
    expect(server.requests[0]!.url).toBe(
      '/webapi/Attribute/List/Template@%D0%A2%D0%B5%D1%81%D1%82%D0%B8%D0%BD%D1%82%D0%B5%D0%B3%D1%80%D0%B0%D1%86%D0%B8%D0%B9.Cars',
    );
  });

  it('sends the literal null body for Disable/Enable and accepts a missing response', async () => {
    server.handle((_req, res) => sendJson(res, 200, { success: true }));
    const out = await client().webApi('PUT', platformPath`webapi/Attribute/A/Attribute@T.X/Disable`, {
      body: null,
      schema: z.unknown(),
    });
    expect(out).toBeNull();
    expect(server.requests[0]!.body).toBe('null');
  });

  it('tolerates a bare answer without the envelope', async () => {
    server.handle((_req, res) => sendJson(res, 200, { name: 'a.png', format: 'png', content: 'AA==' }));
    const out = await client().webApi('GET', platformPath`webapi/Image`, {
      schema: z.looseObject({ name: z.string() }),
    });
    expect(out).toEqual({ name: 'a.png', format: 'png', content: 'AA==' });
  });

  it('keeps a 401 as a 401 with a clear message', async () => {
    server.handle((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic' });
      res.end(`bad credentials for ${PASSWORD}`);
    });
    const e = await failure(client().webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() }));
    expect(e.kind).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.httpStatus).toBe(401);
    expect(e.message).toMatch(/rejected the login or password \(HTTP 401\)/);
  });

  it.each([
    [404, 'not_found'],
    [403, 'auth'],
    [405, 'validation'],
    [409, 'conflict'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('maps HTTP %i to %s and keeps the status', async (status, kind) => {
    server.handle((_req, res) =>
      sendJson(res, status, {
        response: null,
        success: false,
        error: { message: `boom ${PASSWORD}`, type: 'X' },
      }),
    );
    const e = await failure(
      client().webApi('GET', platformPath`webapi/Record/${'1'}`, { schema: z.unknown() }),
    );
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.message).toContain('GET webapi/Record/1');
    if (status !== 403) expect(e.message).toContain('boom [redacted]');
  });

  it('hides every form of the credentials a refusal echoes back (Basic header, token, base64, URL-encoded)', async () => {
    const token = Buffer.from(`admin:${PASSWORD}`).toString('base64');
    const forms = [
      `Basic ${token}`,
      token,
      Buffer.from(PASSWORD).toString('base64'),
      encodeURIComponent(PASSWORD),
    ];
    server.handle((_req, res) =>
      sendJson(res, 200, {
        response: null,
        success: false,
        error: { message: `denied; you sent ${forms.join(' | ')}`, type: 'X' },
      }),
    );
    const e = await failure(client().webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() }));
    for (const form of forms) expect(e.message).not.toContain(form);
    expect(e.message).toContain('you sent [redacted] | [redacted] | [redacted] | [redacted]');
  });

  it.each([
    ['Cannot get id for solution by solution alias: Nope', 'InvalidOperationException', 'not_found', 404],
    ['Template@App.Nope does not exist', 'ObjectNotFoundException', 'not_found', 404],
    ['Alias X is already used in the applications', 'RequestedOperationFailedException', 'conflict', 409],
    ['Alias  is invalid', 'ArgumentException', 'validation', 400],
    ['', 'RequestedOperationFailedException', 'validation', 400],
  ])('classifies the logical error "%s"', async (message, type, kind, status) => {
    server.handle((_req, res) =>
      sendJson(res, 200, {
        response: null,
        success: false,
        error: { message, type, inner: { message: '', type: 'InterceptedException' } },
      }),
    );
    const e = await failure(
      client().webApi('POST', platformPath`webapi/Solution`, { body: {}, schema: z.unknown() }),
    );
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.httpStatus).toBe(200);
    expect(e.platformType).toBe(type);
    expect(e.message).toContain('InterceptedException');
  });

  it('reports an answer that is not JSON, or of the wrong shape', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login page</html>');
    });
    expect(
      (await failure(client().webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() }))).kind,
    ).toBe('server');
    server.handle((_req, res) => sendJson(res, 200, { success: true, response: 42 }));
    const e = await failure(
      client().webApi('GET', platformPath`webapi/Solution`, { schema: z.array(z.unknown()) }),
    );
    expect(e.message).toMatch(/unexpected shape/);
  });

  it('times out for real: the request is aborted after CMW_TIMEOUT_S', async () => {
    server.handle(() => {
      /* never answers */
    });
    const abortedBefore = server.aborted();
    const started = Date.now();
    const e = await failure(
      client({ timeoutMs: 300 }).webApi('POST', platformPath`webapi/Solution`, {
        body: {},
        schema: z.unknown(),
      }),
    );
    expect(e.kind).toBe('timeout');
    expect(e.status).toBe(408);
    expect(e.message).toMatch(/within 0.3 s \(CMW_TIMEOUT_S\)/);
    expect(Date.now() - started).toBeLessThan(2000);
    // The server sees the connection go away: the request was really aborted, not just abandoned.
    await expect.poll(() => server.aborted()).toBeGreaterThan(abortedBefore);
  });

  it('rethrows a cancel of the run instead of reporting a platform error', async () => {
    server.handle(() => {});
    const controller = new AbortController();
    const call = client().webApi('GET', platformPath`webapi/Solution`, {
      schema: z.unknown(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new DOMException('cancelled', 'AbortError')), 50);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports an unreachable platform as a network error', async () => {
    const closed = await startLocalServer();
    const url = closed.url;
    await closed.close();
    const e = await failure(
      client({ target: { baseUrl: url, login: 'a', password: PASSWORD } }).webApi(
        'GET',
        platformPath`webapi/Solution`,
        {
          schema: z.unknown(),
        },
      ),
    );
    expect(e.kind).toBe('network');
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it('reuses keep-alive connections', async () => {
    server.handle((_req, res) => sendJson(res, 200, { success: true, response: [] }));
    const c = client();
    await c.webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() });
    const before = server.connections();
    for (let i = 0; i < 3; i += 1)
      await c.webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() });
    expect(server.connections()).toBe(before);
  });

  it('refuses an answer over the size limit', async () => {
    server.handle((_req, res) => sendJson(res, 200, { success: true, response: 'x'.repeat(5000) }));
    const e = await failure(
      client({ maxResponseBytes: 1000 }).webApi('GET', platformPath`webapi/Solution`, {
        schema: z.unknown(),
      }),
    );
    expect(e.message).toMatch(/larger than/);
  });

  it('calls System Core routes with bare JSON', async () => {
    server.handle((_req, res) => sendJson(res, 200, { 'cmw.container.alias': ['Cars'] }));
    const out = await client().system(platformPath`Base/OntologyService/GetAxioms`, {
      body: 'oa.193',
      schema: z.record(z.string(), z.array(z.unknown())),
    });
    expect(out).toEqual({ 'cmw.container.alias': ['Cars'] });
    expect(server.requests[0]!.url).toBe('/api/public/system/Base/OntologyService/GetAxioms');
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.body).toBe('"oa.193"');
    await client().system(platformPath`Base/OntologyService/GetAxioms`, {
      rawBody: 'oa.193',
      schema: z.unknown(),
    });
    expect(server.requests[1]!.body).toBe('oa.193');
  });

  it('returns raw bytes for file content', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(Buffer.from([1, 2, 3]));
    });
    const raw = await client().raw('GET', platformPath`webapi/Document/${'doc1'}/Content`);
    expect([...raw.body]).toEqual([1, 2, 3]);
    expect(server.requests[0]!.headers.accept).toBe('*/*');
  });

  it('builds #Resolver links without credentials', () => {
    expect(client().entityUrl('oa.193')).toBe(`${server.url}/#Resolver/oa.193`);
  });
});

describe('PlatformClient URL safety', () => {
  it('follows a redirect on the same origin, re-checking it', async () => {
    server.handle((req, res) => {
      if (req.url === '/webapi/Solution') {
        res.writeHead(302, { location: '/webapi/Solution/moved' });
        res.end();
        return;
      }
      sendJson(res, 200, { success: true, response: 'moved' });
    });
    const out = await client().webApi('GET', platformPath`webapi/Solution`, { schema: z.string() });
    expect(out).toBe('moved');
    expect(server.requests.map((r) => r.url)).toEqual(['/webapi/Solution', '/webapi/Solution/moved']);
    expect(server.requests[1]!.headers.authorization).toMatch(/^Basic /);
  });

  it('refuses a redirect to a metadata address without contacting it', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      res.end();
    });
    const started = Date.now();
    const e = await failure(client().webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() }));
    expect(e.kind).toBe('refused_url');
    expect(e.message).toMatch(/link-local or cloud metadata/);
    // Refused before any connection attempt: no connect timeout was waited for.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a redirect to another host, so the credentials never reach it', async () => {
    server.handle((_req, res) => {
      res.writeHead(307, { location: `${other.url.replace('127.0.0.1', 'localhost')}/webapi/Solution` });
      res.end();
    });
    const e = await failure(
      client().webApi('POST', platformPath`webapi/Solution`, { body: {}, schema: z.unknown() }),
    );
    expect(e.kind).toBe('refused_url');
    expect(e.message).toMatch(/another host/);
    expect(other.requests).toHaveLength(0);
  });

  it('refuses a base URL outside the allowlist before sending anything', () => {
    expect(() => client({ urlPolicy: { allowedBaseUrls: ['https://cmw.example.com'] } })).toThrow(
      /allowlist/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('checks DNS answers: a name resolving to a metadata address is never connected to', async () => {
    const dnsAgent = createPlatformAgent({
      lookup: fakeDns({ 'cmw.test': ['127.0.0.1'], 'evil.test': ['169.254.169.254'] }),
    });
    try {
      server.handle((_req, res) => sendJson(res, 200, { success: true, response: 'ok' }));
      const good = client({
        target: { baseUrl: `http://cmw.test:${server.port}`, login: 'a', password: PASSWORD },
        dispatcher: dnsAgent,
      });
      // The injected resolver is the one undici uses: the name reaches the local server.
      expect(await good.webApi('GET', platformPath`webapi/Solution`, { schema: z.string() })).toBe('ok');
      expect(server.requests[0]!.headers.host).toBe(`cmw.test:${server.port}`);

      const evil = client({
        target: { baseUrl: `http://evil.test:${server.port}`, login: 'a', password: PASSWORD },
        dispatcher: dnsAgent,
      });
      const e = await failure(evil.webApi('GET', platformPath`webapi/Solution`, { schema: z.unknown() }));
      expect(e.kind).toBe('refused_url');
      expect(e.message).toMatch(
        /evil\.test resolves to a link-local or cloud metadata address \(169\.254\.169\.254\)/,
      );
      expect(server.requests).toHaveLength(1);
    } finally {
      await dnsAgent.close();
    }
  });
});

describe('PlatformClient traces', () => {
  it('makes a client span per call: method, host, API, status and error kind; no path, body or credentials', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const traced = client({ tracer: provider.getTracer('test') });
    try {
      server.handle((req, res) =>
        req.url?.includes('Missing')
          ? sendJson(res, 200, { success: false, error: { message: 'no such template', type: 'X' } })
          : sendJson(res, 200, { success: true, response: 'ok' }),
      );
      await traced.webApi('POST', platformPath`webapi/Template/${'Сотрудники'}`, {
        body: { secretish: 'Full name' },
        schema: z.string(),
      });
      // A refusal inside a 200 envelope is a failed call too.
      await failure(
        traced.webApi('GET', platformPath`webapi/Template/${'Missing'}`, { schema: z.unknown() }),
      );
      await traced.system(platformPath`Base/OntologyService/GetAxioms`, { body: 'x', schema: z.string() });
      await provider.forceFlush();

      const [created, refused, system] = exporter.getFinishedSpans();
      expect(created).toMatchObject({
        name: 'cmw.platform.call',
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'server.address': '127.0.0.1',
          'server.port': server.port,
          'cmw.platform.api': 'webapi',
          'http.response.status_code': 200,
        },
        status: { code: SpanStatusCode.UNSET },
      });
      expect(refused?.attributes).toMatchObject({
        'error.type': 'not_found',
        'http.response.status_code': 200,
      });
      expect(refused?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not_found' });
      expect(system?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'cmw.platform.api': 'system',
      });

      const recorded = JSON.stringify(
        exporter.getFinishedSpans().map((span) => [span.name, span.attributes]),
      );
      for (const hidden of [
        PASSWORD,
        'admin',
        'Template',
        'Missing',
        encodeURIComponent('Сотрудники'),
        'Full name',
      ])
        expect(recorded).not.toContain(hidden);
    } finally {
      await provider.shutdown();
    }
  });
});
