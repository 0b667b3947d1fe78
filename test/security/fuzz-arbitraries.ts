import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-http.js';

/** Ids that exist on the server under test, so that some fuzzed requests reach past the "unknown id" checks. */
export interface KnownIds {
  readonly callEventId: string;
  readonly queueEventId: string;
  readonly sessionHash: string;
  readonly runId: string;
  readonly sessionId: string;
  readonly model: string;
}

/** How the requests of a pass identify themselves. */
export interface FuzzIdentity {
  /** `Authorization` values to pick from (the right key first); none for the pass without keys. */
  readonly authorization: readonly string[];
  /** `X-Client-Key` values to pick from (the valid one first); none for the pass without keys. */
  readonly clientKeys: readonly string[];
}

/** A route of `server.routes`. */
export interface FuzzRoute {
  readonly method: string;
  readonly url: string;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD, as a client's encoder does). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Pieces of a path or query that routers and decoders get wrong. */
const TRICKY = [
  '%ff',
  '%',
  '%zz',
  '%2',
  '%00',
  '%2e%2e',
  '..',
  '.',
  '%2f',
  '%5c',
  '%c0%af',
  '%e2%82',
  '%ed%a0%80',
  '%%',
  '%25',
  '%u0041',
  '%F0%9F%98%80',
  '/',
  '//',
  ';',
  '@',
  ':',
  '~',
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  '=',
  '%20',
  '%0a',
  '%0d%0a',
  '%3f',
  '%23',
] as const;

/** Characters that are not ASCII (no surrogates), sent raw in a path as some clients do. */
const nonAscii = fc
  .integer({ min: 0xa0, max: 0x10ffff })
  .filter((cp) => cp < 0xd800 || cp > 0xdfff)
  .map((cp) => String.fromCodePoint(cp));

const long = fc
  .tuple(fc.constantFrom('a', '%41', '%C3%A9', 'ab/'), fc.integer({ min: 200, max: 3000 }))
  .map(([piece, n]) => piece.repeat(n));

/** One path segment (or query value) as it goes on the wire. */
function wireText(valid: readonly string[]): fc.Arbitrary<string> {
  const validArb = fc.constantFrom(...valid.map(percentEncode));
  return fc.oneof(
    { weight: 3, arbitrary: validArb },
    { weight: 3, arbitrary: fc.string().map(percentEncode) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }).map(percentEncode) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map(percentEncode) },
    { weight: 1, arbitrary: fc.string({ unit: nonAscii, minLength: 1, maxLength: 8 }) },
    { weight: 1, arbitrary: long },
    {
      weight: 3,
      arbitrary: fc
        .array(
          fc.oneof(
            fc.constantFrom(...TRICKY),
            validArb,
            fc.string({ unit: 'binary-ascii', maxLength: 4 }).map(percentEncode),
          ),
          { minLength: 1, maxLength: 6 },
        )
        .map((pieces) => pieces.join('')),
    },
  );
}

/** Plausible values of each path parameter, so a share of the requests names something that exists. */
function validParams(name: string, url: string, ids: KnownIds): string[] {
  switch (name) {
    case 'api':
      return ['ask', 'ask_stream', 'predict'];
    case 'eventId':
      return [ids.callEventId, ids.queueEventId, '0123456789abcdef0123456789abcdef'];
    case 'run_id':
      return [ids.runId, '0123456789abcdef0123456789abcdef'];
    case 'id':
      return [ids.sessionId, 'x'];
    case 'sessionHash':
      return [ids.sessionHash, 'abc'];
    case '*':
      return url.includes('models')
        ? [ids.model, `${ids.model}/extra`, 'gpt-4o']
        : ['index.html', 'swagger-initializer.js', 'swagger-ui.css', '../package.json'];
    default:
      return ['x'];
  }
}

/** The path of a route: its fixed segments as registered; each parameter fuzzed, or else a plausible value. */
function pathFor(route: FuzzRoute, ids: KnownIds, fuzz: boolean): fc.Arbitrary<string> {
  const parts = route.url.split('/').map((part): fc.Arbitrary<string> => {
    const name = part.startsWith(':') ? part.slice(1) : part === '*' ? '*' : undefined;
    if (name === undefined) return fc.constant(part);
    const valid = validParams(name, route.url, ids);
    if (!fuzz) return fc.constantFrom(...valid.map(percentEncode));
    if (name !== '*') return wireText(valid);
    return fc.array(wireText(valid), { minLength: 0, maxLength: 3 }).map((s) => s.join('/'));
  });
  return fc.tuple(...parts).map((segments) => segments.join('/'));
}

/** The query a route needs (the Gradio queue stream its `session_hash`), else none. */
function plainQuery(route: FuzzRoute, ids: KnownIds): string {
  return route.url.endsWith('/queue/data') ? `?session_hash=${percentEncode(ids.sessionHash)}` : '';
}

function queryFor(ids: KnownIds): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom('after', 'session_hash', 'stream', '__proto__', 'constructor', 'a[]', 'a[b]', 'x', ''),
    fc.string().map(percentEncode),
  );
  const value = fc.oneof(
    fc.constantFrom('0', '3', '-1', '1e3', '999999999999999999999', '0x10', '%202', ''),
    wireText([ids.sessionHash, ids.runId]),
  );
  const pairs = fc
    .array(fc.tuple(key, fc.option(value)), { maxLength: 5 })
    .map((list) => `?${list.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&')}`);
  return fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: pairs });
}

/** A value of a body field: mostly a plausible one, else anything a buggy or hostile client may put there. */
function loose<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.constant(-0)) },
    { weight: 1, arbitrary: text },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: deepValue },
  );
}

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', '\u0000', '\r\n', '\u2028', '\ufeff', 'null', '[]', '{}'),
  },
);
const question = fc.oneof(
  { weight: 4, arbitrary: fc.lorem({ maxCount: 6 }) },
  { weight: 3, arbitrary: text },
);
/** Up to 80,000 characters: some over the test server's 64 KiB body limit. */
const huge = fc
  .tuple(fc.constantFrom('q', 'я', '😀', '\\', '"'), fc.integer({ min: 1000, max: 80_000 }))
  .map(([c, n]) => c.repeat(Math.ceil(n / c.length)));
const deepValue = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
});

/** Every key optional, and now and then a key the schema does not know. */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(
        fc.dictionary(
          fc.constantFrom('extra', '__proto__', 'constructor', 'prototype'),
          fc.jsonValue({ maxDepth: 2 }),
          { maxKeys: 2 },
        ),
        { freq: 4 },
      ),
    )
    .map(([obj, extra]) => (extra === null ? obj : { ...obj, ...extra }));
}

/** JSON values shaped like the body each route reads, with wrong types, nulls, huge strings and deep nesting. */
function shapedBody(route: FuzzRoute, ids: KnownIds): fc.Arbitrary<unknown> {
  const url = route.url;
  const sessionish = loose(fc.constantFrom(ids.sessionHash, ids.sessionId, 'fuzz-session', ''));
  if (url.endsWith('/call/:api'))
    return shaped({
      data: loose(fc.array(loose(question), { maxLength: 6 })),
      session_hash: sessionish,
    });
  if (url.endsWith('/queue/join'))
    return shaped({
      data: loose(fc.array(loose(question), { maxLength: 6 })),
      fn_index: loose(fc.constantFrom(0, 1, 2, 3, -1, 1.5, '0')),
      session_hash: sessionish,
      event_data: loose(fc.constant(null)),
      trigger_id: loose(fc.integer()),
    });
  if (url.endsWith('/gradio_api/cancel') || url.endsWith('/gradio_api/reset'))
    return shaped({
      event_id: loose(fc.constantFrom(ids.queueEventId, ids.callEventId, 'nope')),
      session_hash: sessionish,
      fn_index: loose(fc.integer()),
    });
  if (url === '/api/runs')
    return shaped({
      question: loose(question),
      session_id: loose(fc.constantFrom(ids.sessionId, 'no-such-session')),
      title: loose(text),
      model: loose(fc.constantFrom(ids.model, 'nope')),
      credentials: loose(shaped({ base_url: loose(text), username: loose(text), password: loose(text) })),
    });
  if (url === '/api/sessions/:id' && route.method === 'PATCH') return shaped({ title: loose(text) });
  if (url.endsWith('/chat/completions')) {
    const part = shaped({
      type: loose(fc.constantFrom('text', 'image_url', 'input_audio')),
      text: loose(question),
    });
    const message = shaped({
      role: loose(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function', 'robot')),
      content: loose(fc.oneof(question, fc.array(part, { maxLength: 3 }))),
      name: loose(text),
    });
    return shaped({
      model: loose(fc.constantFrom(ids.model, 'nope')),
      messages: loose(fc.array(message, { maxLength: 4 })),
      stream: loose(fc.boolean()),
      stream_options: loose(shaped({ include_usage: loose(fc.boolean()) })),
      metadata: loose(shaped({ session_id: sessionish })),
      response_format: loose(shaped({ type: loose(fc.constantFrom('text', 'json_object')) })),
      cmw_extra_body: loose(
        shaped({
          session_id: sessionish,
          cmw_base_url: loose(text),
          cmw_login: loose(text),
          cmw_password: loose(text),
        }),
      ),
      temperature: loose(fc.double()),
    });
  }
  return fc.jsonValue({ maxDepth: 3 });
}

/** Text that is almost JSON, or JSON of the wrong kind. */
const nearJson = fc.constantFrom(
  '{',
  '{"data":',
  '{"data": [1,]}',
  'null',
  '"text"',
  '[]',
  '1',
  'true',
  'NaN',
  "{'a': 1}",
  '\ufeff{}',
  '{"a": 1}garbage',
  '{"a": 1}{"b": 2}',
  '{"__proto__": {"x": 1}}',
  '{"constructor": {"prototype": {"x": 1}}}',
  ' ',
  '\n',
);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/json-patch+json',
  'text/event-stream',
  '',
  '*/*',
] as const;

/** A content type: usually JSON's, else one the server may not read. `undefined` sends none. */
const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 2, arbitrary: fc.constant<string | undefined>('application/json; charset=utf-8') },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES) },
);

/** The body and its content type. */
function bodyFor(
  route: FuzzRoute,
  ids: KnownIds,
): fc.Arbitrary<{ body: Buffer | undefined; type: string | undefined }> {
  const json = (value: fc.Arbitrary<unknown>) =>
    value.map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8'));
  const bytes = fc.oneof(
    { weight: 8, arbitrary: json(shapedBody(route, ids)) },
    { weight: 2, arbitrary: json(fc.jsonValue()) },
    { weight: 1, arbitrary: json(deepValue) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
        .map(([n, closed]) => Buffer.from('['.repeat(n) + (closed ? ']'.repeat(n) : ''))),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: nearJson.map((s) => Buffer.from(s, 'utf8')) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  );
  const withBody = fc.record({ body: bytes, type: contentType });
  const none = fc.record({
    body: fc.constant(undefined),
    type: fc.option(fc.constant('application/json'), { nil: undefined }),
  });
  // GET: a client library rarely sends a body; every other method usually does.
  return route.method === 'GET' || route.method === 'DELETE'
    ? fc.oneof({ weight: 6, arbitrary: none }, { weight: 1, arbitrary: withBody })
    : fc.oneof({ weight: 1, arbitrary: none }, { weight: 8, arbitrary: withBody });
}

/** A header value a client library accepts: visible ASCII, or UTF-8 text (sent as bytes). */
const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: nonAscii, maxLength: 8 }),
  fc.constantFrom('0', '-1', '3', '999999999999999999999', '1.5', '1e3', ' 7 ', 'abc', ''),
);

function headersFor(identity: FuzzIdentity): fc.Arbitrary<[string, string][]> {
  const auth = identity.authorization.length
    ? fc
        .oneof(
          { weight: 9, arbitrary: fc.constant(identity.authorization[0]!) },
          { weight: 1, arbitrary: fc.constantFrom(...identity.authorization) },
        )
        .map((v): [string, string][] => [['authorization', v]])
    : fc.constant<[string, string][]>([]);
  const client = identity.clientKeys.length
    ? fc
        .oneof(
          { weight: 9, arbitrary: fc.constant([identity.clientKeys[0]!]) },
          {
            weight: 1,
            arbitrary: fc.array(fc.constantFrom(...identity.clientKeys), { minLength: 0, maxLength: 2 }),
          },
        )
        .map((keys): [string, string][] => keys.map((k) => ['x-client-key', k]))
    : fc.constant<[string, string][]>([]);
  const extra = fc.subarray<[string, string]>([
    ['last-event-id', ''],
    ['accept', 'text/event-stream'],
    ['origin', 'http://evil.example'],
    ['x-client-key', ''],
    ['accept-language', ''],
  ]);
  return fc
    .tuple(auth, client, extra, fc.array(headerValue, { minLength: 5, maxLength: 5 }))
    .map(([a, c, e, values]) => [
      ...a,
      ...c,
      ...e.map(([name, v], i): [string, string] => [name, v || values[i]!]),
    ]);
}

/** A request a well-behaved client sends: right keys, plausible ids, a valid body (or none). */
function plainBody(route: FuzzRoute, ids: KnownIds): fc.Arbitrary<unknown> {
  const url = route.url;
  const q = fc.lorem({ maxCount: 5 });
  if (url.endsWith('/call/:api')) return fc.record({ data: fc.tuple(q) });
  if (url.endsWith('/queue/join'))
    return fc.record({
      data: fc.tuple(q),
      fn_index: fc.constantFrom(0, 1),
      session_hash: fc.constant(ids.sessionHash),
    });
  if (url.endsWith('/gradio_api/cancel') || url.endsWith('/gradio_api/reset'))
    return fc.constant({ event_id: ids.queueEventId, session_hash: ids.sessionHash });
  if (url === '/api/runs')
    return fc.record({ question: q, session_id: fc.constant(ids.sessionId) }, { requiredKeys: ['question'] });
  if (url === '/api/sessions/:id' && route.method === 'PATCH') return fc.record({ title: q });
  if (url.endsWith('/chat/completions'))
    return fc.record({
      model: fc.constant(ids.model),
      messages: fc.tuple(fc.record({ role: fc.constant('user'), content: q })),
      stream: fc.boolean(),
    });
  return fc.constant(undefined);
}

/** Which parts of a request are fuzzed; the others are what a well-behaved client sends, so that one odd part
 * reaches the code behind the checks of the others. */
const FOCUS = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ path: true, query: false, headers: false, body: false }) },
  { weight: 1, arbitrary: fc.constant({ path: false, query: true, headers: false, body: false }) },
  { weight: 1, arbitrary: fc.constant({ path: false, query: false, headers: true, body: false }) },
  { weight: 4, arbitrary: fc.constant({ path: false, query: false, headers: false, body: true }) },
  { weight: 2, arbitrary: fc.constant({ path: true, query: true, headers: true, body: true }) },
  { weight: 1, arbitrary: fc.constant({ path: false, query: false, headers: false, body: false }) },
);

/** Requests for one route: fuzzed path parameters, query, headers and body, one part at a time or all at once. */
export function requestFor(
  route: FuzzRoute,
  ids: KnownIds,
  identity: FuzzIdentity,
): fc.Arbitrary<FuzzRequest> {
  const plainHeaders: [string, string][] = [
    ...identity.authorization.slice(0, 1).map((v): [string, string] => ['authorization', v]),
    ...identity.clientKeys.slice(0, 1).map((v): [string, string] => ['x-client-key', v]),
  ];
  const plain = plainBody(route, ids).map((value) =>
    value === undefined
      ? { body: undefined, type: undefined }
      : { body: Buffer.from(JSON.stringify(value), 'utf8'), type: 'application/json' },
  );
  return FOCUS.chain((focus) =>
    fc.record({
      path: pathFor(route, ids, focus.path),
      query: focus.query ? queryFor(ids) : fc.constant(plainQuery(route, ids)),
      headers: focus.headers ? headersFor(identity) : fc.constant(plainHeaders),
      body: focus.body ? bodyFor(route, ids) : plain,
    }),
  ).map(({ path, query, headers, body }) => ({
    method: route.method,
    target: path + query,
    headers:
      body.type === undefined ? headers : [...headers, ['content-type', body.type] as [string, string]],
    body: body.body,
  }));
}
