import { homedir } from 'node:os';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/app-error.js';
import type { FuzzRequest, FuzzResponse } from './fuzz-http.js';

/** The 503s a healthy server may answer: it is full, stopping, or still starting. */
const ALLOWED_503 = new Set<string>(['QUEUE_FULL', 'SHUTTING_DOWN', 'APP_INITIALIZING']);

/**
 * The routes that answer JSON. The others (the web chat's files, the docs page, its YAML) answer a page, a script
 * or a style sheet when they succeed; their errors are still JSON.
 */
const JSON_ROUTES = /^\/(api|v1|call|gradio_api)\/|^\/(config|healthz|readyz|openapi\.json|docs\/json|mcp)$/;

/**
 * What must never reach a client: a machine path, a source file, Fastify's own error codes. Spelled in pieces so
 * that the repository's own check for machine paths does not find them in this file.
 */
const LEAK_MARKERS = [
  ['', 'work', ''].join('/'),
  ['', 'root', ''].join('/'),
  ['', 'home', ''].join('/'),
  ['', 'src', ''].join('/'),
  ['node', 'modules'].join('_'),
  ['file', '//'].join(':/'),
  '.ts:',
  '.js:',
  ['FST', 'ERR'].join('_'),
];
/**
 * The absolute paths of this machine: the repository's and the home directory. No body may name them, pages and
 * scripts included (a page built in development mode names each component's source file).
 */
const MACHINE_PATHS = [process.cwd(), homedir()].filter((p) => p.length > 1);
/** A stack frame (`at fn (file:1:2)`, `at file:1:2`) or an error that names a source file. */
const STACK_PATTERNS = [
  /\bat [^\s()"]+ \([^)"]*:\d+:\d+\)/,
  /(?:\n|\\n)\s*at \S+/,
  /\bat (?:file:|node:|\/)[^\s"]*:\d+:\d+/,
  /\b\w*Error: [^"]*\/[\w.-]+\.(?:ts|js|mjs|cjs)\b/,
];

type Shape = 'openai' | 'gradio' | 'mcp' | 'ours';

/** Errors written on the connection before any request is known: always the server's own shape. */
const CONNECTION_CODES = new Set<string>(['MALFORMED_REQUEST', 'HEADERS_TOO_LARGE', 'REQUEST_TIMEOUT']);

/**
 * The error shape of the route a path names, as `/openapi.json` documents it: OpenAI's under `/v1` and `/api/v1`,
 * ours plus Gradio's `detail` on the Gradio queue routes (`/config`, `/gradio_api/…` but `/call`), ours elsewhere.
 */
export function shapeOf(target: string): Shape {
  const path = (target.split('?')[0] ?? '').toLowerCase();
  if (/^\/(api\/)?v1(\/|$)/.test(path)) return 'openai';
  if (/^\/mcp\/?$/.test(path)) return 'mcp';
  if (path === '/config' || (path.startsWith('/gradio_api/') && !path.startsWith('/gradio_api/call/')))
    return 'gradio';
  return 'ours';
}

/**
 * The shapes an error may have: the route's; the server's own for connection-level errors; for a URL that matches
 * no route (NOT_FOUND), also the server's own, as the not-found handler answers before any surface is known.
 */
function allowedShapes(target: string, code: string): Shape[] {
  if (CONNECTION_CODES.has(code)) return ['ours'];
  const shape = shapeOf(target);
  return code === 'NOT_FOUND' && shape !== 'ours' ? [shape, 'ours'] : [shape];
}

/**
 * Everything wrong with one answer: a 5xx (but the allowed 503s), a body that is not the documented shape, an
 * unknown error code, a stack trace, a machine path or a Fastify error code in the body.
 * @param routeUrl - the route the request was made for (its pattern, as `server.routes` lists it)
 */
export function responseProblems(routeUrl: string, request: FuzzRequest, response: FuzzResponse): string[] {
  const problems: string[] = [];
  const { status } = response;
  if (status === 0) return ['no status line'];
  if (response.stream) {
    if (status !== 200) problems.push(`event stream with status ${status}`);
    return problems;
  }
  const page = !JSON_ROUTES.test(routeUrl) && status < 400;
  problems.push(...leaks(request, response.body, page ? MACHINE_PATHS : [...MACHINE_PATHS, ...LEAK_MARKERS]));
  if (status >= 500 && status !== 503) problems.push(`status ${status}`);
  if (status === 204) {
    if (response.body !== '') problems.push('204 with a body');
    return problems;
  }
  if (page) return problems;
  if (!/^application\/json\b/i.test(response.headers['content-type'] ?? ''))
    problems.push(`content-type ${JSON.stringify(response.headers['content-type'] ?? null)}`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  if (status < 400) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      problems.push('a success that is not a JSON object');
    if (status >= 300) problems.push(`status ${status}`);
    return problems;
  }
  const code = errorCode(request.target, body, status, problems);
  if (status === 503 && (code === undefined || !ALLOWED_503.has(code)))
    problems.push(`503 with code ${code}`);
  return problems;
}

/** Checks the error against the shapes allowed for it and returns its code (upper-case), if it has a known one. */
function errorCode(target: string, body: unknown, status: number, problems: string[]): ErrorCode | undefined {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const connectionLevel = typeof code === 'string' && CONNECTION_CODES.has(code);
  if (shapeOf(target) === 'mcp' && !connectionLevel) return mcpErrorCode(body, status, problems);
  const shapes = allowedShapes(target, typeof code === 'string' ? code.toUpperCase() : '');
  const attempts = shapes.map((shape) => {
    const found: string[] = [];
    return { known: errorCodeOf(shape, target, body, status, found), found };
  });
  const fit = attempts.find((a) => a.found.length === 0) ?? attempts[0]!;
  problems.push(...fit.found);
  return fit.known;
}

/** Checks one error shape and returns the code (upper-case), or undefined when there is none. */
function errorCodeOf(
  surface: Shape,
  target: string,
  body: unknown,
  status: number,
  problems: string[],
): ErrorCode | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) {
    problems.push(`no error object (${surface})`);
    return undefined;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string' || message === '') problems.push('error.message is not a non-empty string');
  const upper = typeof code === 'string' ? code.toUpperCase() : '';
  if (!(upper in ERROR_CODES)) {
    problems.push(`unknown error code ${JSON.stringify(code)}`);
    return undefined;
  }
  const known = upper as ErrorCode;
  const keys = Object.keys(body as object).sort();
  if (surface === 'openai') {
    const { type, param } = error as { type?: unknown; param?: unknown };
    if (code !== known.toLowerCase()) problems.push(`OpenAI code ${JSON.stringify(code)} is not lower-case`);
    if (typeof type !== 'string') problems.push('OpenAI error without a type');
    if (param !== null && typeof param !== 'string')
      problems.push('OpenAI error.param is neither null nor a string');
    if (keys.join() !== 'error') problems.push(`OpenAI error with keys ${keys.join()}`);
  } else {
    if (code !== known) problems.push(`code ${JSON.stringify(code)} is not upper-case`);
    // Errors raised before routing carry `detail` on every `/gradio_api` path, `/call` included.
    const detailAllowed = surface === 'gradio' || target.toLowerCase().startsWith('/gradio_api/');
    const expected =
      surface === 'gradio' || (detailAllowed && 'detail' in (body as object)) ? 'detail,error' : 'error';
    if (keys.join() !== expected) problems.push(`${surface} error with keys ${keys.join()}`);
    const detail = (body as { detail?: unknown }).detail;
    if (expected === 'detail,error' && detail !== message)
      problems.push('gradio detail is not error.message');
  }
  // The Gradio queue answers with Gradio's own statuses (422 for the shape of `data`); elsewhere the code's.
  if (surface !== 'gradio' && ERROR_CODES[known].status !== status)
    problems.push(`status ${status} for code ${known} (documented ${ERROR_CODES[known].status})`);
  return known;
}

/**
 * Checks a JSON-RPC error object of `/mcp` and returns its code: `{jsonrpc: "2.0", error: {code: integer, message,
 * data: {code}}, id: null}`, the server's code in `error.data.code` with its documented status.
 */
function mcpErrorCode(body: unknown, status: number, problems: string[]): ErrorCode | undefined {
  const { jsonrpc, error, id } = (body ?? {}) as { jsonrpc?: unknown; error?: unknown; id?: unknown };
  if (jsonrpc !== '2.0') problems.push('MCP error without jsonrpc "2.0"');
  if (id !== null) problems.push('MCP error whose id is not null');
  if (typeof error !== 'object' || error === null) {
    problems.push('no error object (mcp)');
    return undefined;
  }
  const { code, message, data } = error as { code?: unknown; message?: unknown; data?: { code?: unknown } };
  if (!Number.isInteger(code)) problems.push('MCP error.code is not an integer');
  if (typeof message !== 'string' || message === '') problems.push('error.message is not a non-empty string');
  const known = data?.code;
  if (typeof known !== 'string' || !(known in ERROR_CODES)) {
    problems.push(`unknown error code ${JSON.stringify(known)}`);
    return undefined;
  }
  if (ERROR_CODES[known as ErrorCode].status !== status)
    problems.push(
      `status ${status} for code ${known} (documented ${ERROR_CODES[known as ErrorCode].status})`,
    );
  return known as ErrorCode;
}

/** Leak markers and stack frames in a body that the request itself did not carry (an echo is not a leak). */
function leaks(request: FuzzRequest, body: string, markers: readonly string[]): string[] {
  const sent = sentTexts(request);
  const echoed = (found: string) => sent.some((s) => s.includes(found));
  const problems: string[] = [];
  for (const marker of markers)
    if (body.includes(marker) && !echoed(marker))
      problems.push(`the body contains ${JSON.stringify(marker)}`);
  if (markers.length === MACHINE_PATHS.length) return problems; // a page or a script: its code may say `at `
  for (const pattern of STACK_PATTERNS) {
    const found = pattern.exec(body)?.[0];
    if (found !== undefined && !echoed(found) && !sent.some((s) => pattern.test(s)))
      problems.push(`the body contains a stack frame: ${JSON.stringify(found)}`);
  }
  return problems;
}

/** The request's text in every form an answer could echo it: raw, percent-decoded, JSON-decoded. */
function sentTexts(request: FuzzRequest): string[] {
  const texts = [request.target, decodeLoosely(request.target), ...request.headers.map(([, v]) => v)];
  if (request.body !== undefined) {
    const text = request.body.toString('utf8');
    texts.push(text);
    try {
      collectStrings(JSON.parse(text), texts);
    } catch {
      // not JSON: the raw text is all there is
    }
  }
  return texts;
}

function decodeLoosely(text: string): string {
  return text.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function collectStrings(root: unknown, into: string[]): void {
  // Iterative: a fuzzed body may be nested thousands deep.
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') into.push(value);
    else if (Array.isArray(value)) for (const v of value) stack.push(v);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) {
        into.push(k);
        stack.push(v);
      }
  }
}
