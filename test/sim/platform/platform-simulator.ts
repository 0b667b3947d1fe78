import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkBasicAuth, type PlatformUser } from './check-basic-auth.js';
import { echoRequestHeaders } from './echo-request-headers.js';
import { matchRoute } from './match-route.js';
import { normalizeRequestPath } from './normalize-request-path.js';
import { parseRequestBody } from './parse-request-body.js';
import { PlatformState } from './platform-state.js';
import { isoSeconds } from './record-values.js';
import { BinaryBody, type Route, type RouteContext } from './route.js';
import { routeTable } from './route-table.js';
import { ensureUserAccounts, seedPlatformState } from './seed-platform-state.js';
import { validateAgainstOpenApi } from './validate-against-open-api.js';
import { webApiError, webApiOk } from './web-api-envelope.js';
import { WebApiFailure } from './web-api-failure.js';

export { SEED } from './seed-platform-state.js';
export type { PlatformUser } from './check-basic-auth.js';
export type { PlatformState } from './platform-state.js';

/** Options of {@link startPlatformSimulator}. */
export interface PlatformSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (an ephemeral port, see {@link PlatformSimulator.port}). */
  port?: number;
  /** Accepted logins; default `[{ login: 'admin', password: 'admin-password' }]`. */
  users?: PlatformUser[];
  /** Delay before every answer (the platform can be slow, e.g. creating an application); default 0. */
  latencyMs?: number;
  /** Start with the seed (applications HR and Fleet, see `SEED`); default true. False starts empty. */
  seed?: boolean;
  /**
   * Check every request against the OpenAPI files: a request whose body does not conform to its operation's
   * body schema (as the platform binds it) is answered 400 and recorded in {@link PlatformSimulator.violations};
   * a request to a path/method the files lack is recorded too (and answered 404/405 as usual). Responses are
   * checked against the 200 schema and recorded (never altered). Needs the OpenAPI files; default false.
   */
  strict?: boolean;
  /**
   * Echo the request's headers, `Authorization` included, in every successful JSON answer, as a debugging proxy
   * in front of the platform might (see `echoRequestHeaders`): for tests that the server never lets its own
   * credentials through. Added after the strict response check; default false.
   */
  echoHeaders?: boolean;
}

/** One request as the simulator received it. */
export interface PlatformRequest {
  method: string;
  /** The path as received (percent-encoding and repeated slashes kept), without the query. */
  path: string;
  /** Repeated slashes collapsed, segments percent-decoded. */
  decodedPath: string;
  query: Record<string, string>;
  /** Request headers (lower-case names); the Authorization value is replaced by `[redacted]`. */
  headers: Record<string, string | string[] | undefined>;
  /** The authenticated login, when the credentials were accepted. */
  login?: string;
  /** The parsed body: JSON value, the trimmed text when not JSON (bare ids), undefined when empty. */
  body: unknown;
  /** `METHOD template` of the served operation (as in the OpenAPI file), when the route exists. */
  operation?: string;
  /** The HTTP status answered; undefined while pending, or when the connection was hung/reset. */
  status?: number;
  /** Whether the answer came from fault injection. */
  injected?: boolean;
  /** `Date.now()` at arrival. */
  receivedAt: number;
}

/** A request or response that did not conform to the OpenAPI files (strict mode). */
export interface PlatformViolation {
  kind: 'request' | 'response' | 'route';
  method: string;
  path: string;
  operation?: string;
  errors: string[];
}

/** What {@link PlatformSimulator.failNext} makes the simulator do instead of answering normally. */
export type PlatformFault =
  number | 'hang' | 'reset' | { status: number; body?: unknown; contentType?: string; delayMs?: number };

/** A running in-memory Comindware Platform (Web API + System Core API). */
export interface PlatformSimulator {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The first configured user (default `admin` / `admin-password`). */
  readonly credentials: PlatformUser;
  /** Every request received, in order (401s, 404s and injected faults included); cleared by reset(). */
  readonly requests: PlatformRequest[];
  /** Strict mode: requests/responses that did not conform to the OpenAPI files; cleared by reset(). */
  readonly violations: PlatformViolation[];
  /** The in-memory platform (same object across resets); read it to assert what requests changed. */
  readonly state: PlatformState;
  /** Back to the seed (or empty): state, requests, violations, pending faults and latency. */
  reset(): void;
  /** Changes the delay before every answer. */
  setLatency(ms: number): void;
  /**
   * Makes the next request(s) whose decoded path matches `pattern` (a RegExp, or a case-insensitive substring;
   * `*` matches anything) answer with `fault` instead: a status (with an ASP.NET-style error body), `'hang'`
   * (never answer, for timeout tests), `'reset'` (destroy the connection) or `{status, body, delayMs}`. Faults
   * apply after authentication, in the order injected.
   */
  failNext(
    pattern: string | RegExp,
    fault: PlatformFault,
    options?: { method?: string; times?: number },
  ): void;
  /** Drops the pending faults. */
  clearFaults(): void;
  /** Closes the server and open connections (hung ones included). Idempotent. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_USERS: PlatformUser[] = [{ login: 'admin', password: 'admin-password' }];
const MAX_BODY_BYTES = 128 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const SERVER_HEADERS = {
  server: 'Microsoft-IIS/10.0',
  'x-powered-by': 'ASP.NET',
  'cache-control': 'no-cache',
};

interface PendingFault {
  matches: (method: string, path: string) => boolean;
  fault: PlatformFault;
  remaining: number;
}

function patternMatcher(
  pattern: string | RegExp,
  method?: string,
): (method: string, path: string) => boolean {
  const test =
    pattern instanceof RegExp
      ? (path: string) => pattern.test(path)
      : pattern.includes('*')
        ? (() => {
            const source = pattern
              .split('*')
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*');
            const regex = new RegExp(`^${source}$`, 'i');
            return (path: string) => regex.test(path);
          })()
        : (path: string) => path.toLowerCase().includes(pattern.toLowerCase());
  return (requestMethod, path) =>
    (method === undefined || method.toUpperCase() === requestMethod) && test(path);
}

function readBody(req: IncomingMessage): Promise<{ text: string } | { tooLarge: true } | { aborted: true }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: { text: string } | { tooLarge: true } | { aborted: true }) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) settle({ tooLarge: true });
      else if (!settled) chunks.push(chunk);
    });
    req.on('end', () => settle({ text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ aborted: true }));
    req.on('close', () => settle({ aborted: true }));
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  headers: Record<string, string>,
): void {
  if (res.headersSent || res.destroyed) return;
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SERVER_HEADERS, ...headers, 'content-length': String(data.length) });
  res.end(data);
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(payload), { 'content-type': JSON_TYPE, ...headers });
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function isEnvelope(value: unknown): value is { response: unknown; success: boolean } {
  return value !== null && typeof value === 'object' && 'success' in value;
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string | string[] | undefined> {
  const copy: Record<string, string | string[] | undefined> = { ...headers };
  if (copy.authorization !== undefined) copy.authorization = '[redacted]';
  return copy;
}

/**
 * Starts an in-memory Comindware Platform that speaks the wire protocol of platform-api.md: HTTP Basic on
 * every request (401 otherwise), `/webapi/...` answers in the `{response, success, error}` envelope with
 * logical errors as HTTP 200 + `success:false`, unknown record ids as 404, unserved methods on a served path
 * as 405 (e.g. PUT on `webapi/Dataset/{app}/Dataset@…`), `/api/public/system/...` answers bare JSON; repeated
 * slashes collapse, path segments are percent-decoded, literal path segments and JSON property names match
 * case-insensitively. See `routeTable` for the operations served and `SEED` for the seeded identifiers.
 */
export async function startPlatformSimulator(
  options: PlatformSimulatorOptions = {},
): Promise<PlatformSimulator> {
  const users =
    options.users && options.users.length > 0 ? options.users.map((user) => ({ ...user })) : DEFAULT_USERS;
  const seed = options.seed ?? true;
  const strict = options.strict ?? false;
  const echoHeaders = options.echoHeaders ?? false;
  const initialLatency = Math.max(0, options.latencyMs ?? 0);
  if (strict) validateAgainstOpenApi('GET', '/webapi/Solution');

  const state = new PlatformState();
  const requests: PlatformRequest[] = [];
  const violations: PlatformViolation[] = [];
  let faults: PendingFault[] = [];
  let latency = initialLatency;
  const sockets = new Set<Socket>();
  const pendingWaits = new Set<() => void>();
  let closed = false;

  const resetState = () => {
    state.clear();
    if (seed) seedPlatformState(state);
    ensureUserAccounts(state, users);
  };
  resetState();

  const wait = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        pendingWaits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pendingWaits.add(done);
      res.once('close', done);
    });

  const takeFault = (method: string, path: string): PlatformFault | undefined => {
    const index = faults.findIndex((fault) => fault.matches(method, path));
    const pending = faults[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.splice(index, 1);
    return pending.fault;
  };

  const applyFault = async (
    fault: PlatformFault,
    entry: PlatformRequest,
    res: ServerResponse,
  ): Promise<void> => {
    entry.injected = true;
    if (fault === 'hang') return;
    if (fault === 'reset') {
      res.socket?.destroy();
      return;
    }
    const spec = typeof fault === 'number' ? { status: fault } : fault;
    if (spec.delayMs) await wait(spec.delayMs, res);
    const body =
      spec.body !== undefined
        ? spec.body
        : spec.status >= 500
          ? {
              Message: 'An error has occurred.',
              ExceptionMessage: 'Specified cast is not valid.',
              ExceptionType: 'System.InvalidCastException',
            }
          : { Message: `Simulated HTTP ${spec.status}` };
    entry.status = spec.status;
    if (typeof body === 'string')
      send(res, spec.status, body, { 'content-type': spec.contentType ?? 'text/plain; charset=utf-8' });
    else sendJson(res, spec.status, body);
  };

  const runRoute = (
    route: Route,
    context: RouteContext,
    res: ServerResponse,
    entry: PlatformRequest,
    requestTarget: string,
    headers: IncomingMessage['headers'],
  ): void => {
    let status = 200;
    let payload: unknown;
    try {
      const result = route.handle(context);
      if (result instanceof BinaryBody) {
        const headers: Record<string, string> = { 'content-type': result.contentType };
        if (result.fileName) headers['content-disposition'] = contentDisposition(result.fileName);
        entry.status = 200;
        send(res, 200, result.content, headers);
        return;
      }
      payload = route.envelope ? webApiOk(result) : (result ?? null);
    } catch (error) {
      if (error instanceof WebApiFailure) {
        if (route.surface === 'system') {
          status = error.status ?? 500;
          payload = error.toErrorModel();
        } else {
          status = error.status ?? 200;
          payload = webApiError(error.toErrorModel());
        }
      } else {
        status = 500;
        payload = {
          Message: 'An error has occurred.',
          ExceptionMessage: error instanceof Error ? error.message : String(error),
          ExceptionType: error instanceof Error ? error.name : 'Error',
        };
      }
    }
    if (strict && status === 200) {
      const check = validateAgainstOpenApi(route.method, requestTarget, { responseBody: payload });
      if (!check.valid)
        violations.push({
          kind: 'response',
          method: entry.method,
          path: entry.decodedPath,
          errors: check.errors,
          ...(entry.operation ? { operation: entry.operation } : {}),
        });
    }
    entry.status = status;
    if (echoHeaders && status === 200) {
      if (!route.envelope) payload = echoRequestHeaders(payload, headers);
      else if (isEnvelope(payload) && payload.success)
        payload = { ...payload, response: echoRequestHeaders(payload.response, headers) };
    }
    sendJson(res, status, payload);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = normalizeRequestPath(req.url ?? '/');
    const bodyResult = await readBody(req);
    const entry: PlatformRequest = {
      method,
      path: target.rawPath,
      decodedPath: target.decodedPath,
      query: target.query,
      headers: redactHeaders(req.headers),
      body: 'text' in bodyResult ? parseRequestBody(bodyResult.text) : undefined,
      receivedAt: Date.now(),
    };
    requests.push(entry);
    if ('aborted' in bodyResult) return;
    if ('tooLarge' in bodyResult) {
      entry.status = 413;
      sendJson(res, 413, { Message: 'The request is too large.' }, { connection: 'close' });
      return;
    }
    await wait(latency, res);
    if (res.destroyed || closed) return;

    const login = checkBasicAuth(req.headers.authorization, users);
    if (login === undefined) {
      entry.status = 401;
      sendJson(
        res,
        401,
        { Message: 'Authorization has been denied for this request.' },
        { 'www-authenticate': 'Basic realm="Comindware Platform"' },
      );
      return;
    }
    entry.login = login;

    const fault = takeFault(method, target.decodedPath);
    if (fault !== undefined) {
      await applyFault(fault, entry, res);
      return;
    }

    const match = matchRoute(routeTable, method, target.segments);
    if (match.kind !== 'found') {
      if (strict) {
        const check = validateAgainstOpenApi(method, target.rawPath);
        if (!check.valid)
          violations.push({ kind: 'route', method, path: target.decodedPath, errors: check.errors });
      }
      if (match.kind === 'method-not-allowed') {
        entry.status = 405;
        sendJson(
          res,
          405,
          { Message: `The requested resource does not support http method '${method}'.` },
          { allow: match.allowed.join(', ') },
        );
      } else {
        entry.status = 404;
        sendJson(res, 404, {
          Message: `No HTTP resource was found that matches the request URI 'http://${req.headers.host ?? HOST}${req.url ?? '/'}'.`,
        });
      }
      return;
    }
    entry.operation = `${match.route.method} ${match.route.template}`;

    if (strict) {
      const check = validateAgainstOpenApi(method, req.url ?? '/', { requestBody: entry.body });
      if (!check.valid) {
        violations.push({
          kind: 'request',
          method,
          path: target.decodedPath,
          operation: entry.operation,
          errors: check.errors,
        });
        entry.status = 400;
        sendJson(res, 400, { Message: 'The request is invalid.', ModelState: { request: check.errors } });
        return;
      }
    }

    const account = state.accountByLogin(login);
    const context: RouteContext = {
      state,
      params: match.params,
      query: target.query,
      body: entry.body,
      login,
      accountId: account?.id ?? 'account.1',
      now: () => isoSeconds(new Date()),
    };
    runRoute(match.route, context, res, entry, req.url ?? '/', req.headers);
  };

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, { Message: 'An error has occurred.', ExceptionMessage: String(error) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const credentials = users[0] ?? DEFAULT_USERS[0]!;

  return {
    url: `http://${HOST}:${port}`,
    port,
    credentials,
    requests,
    violations,
    state,
    reset() {
      resetState();
      requests.length = 0;
      violations.length = 0;
      faults = [];
      latency = initialLatency;
    },
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
    failNext(pattern, fault, faultOptions = {}) {
      faults.push({
        matches: patternMatcher(pattern, faultOptions.method),
        fault,
        remaining: Math.max(1, faultOptions.times ?? 1),
      });
    },
    clearFaults() {
      faults = [];
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const done of [...pendingWaits]) done();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
