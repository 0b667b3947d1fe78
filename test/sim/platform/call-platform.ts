import type { PlatformSimulator } from './platform-simulator.js';

/** What {@link callPlatform} returns. */
export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when the body is not JSON). */
  json: any;
  /** The raw body. */
  bytes: Buffer;
}

/** Options of {@link callPlatform}. */
export interface CallPlatformOptions {
  /** Send this text verbatim as the body instead of `JSON.stringify(body)` (bare ids, invalid JSON). */
  rawBody?: string;
  /** Credentials; default the simulator's first user. `null` sends no Authorization header. */
  auth?: { login: string; password: string } | null;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Abort after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Sends one request to the simulator over a real socket, as the platform clients do: Basic auth,
 * `Content-Type: application/json`, `Accept: application/json`. `path` is appended to the base URL as given
 * (so `//` and percent-encoding reach the server unchanged).
 */
export async function callPlatform(
  sim: PlatformSimulator,
  method: string,
  path: string,
  body?: unknown,
  options: CallPlatformOptions = {},
): Promise<PlatformResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...options.headers,
  };
  const auth = options.auth === undefined ? sim.credentials : options.auth;
  if (auth)
    headers.authorization = `Basic ${Buffer.from(`${auth.login}:${auth.password}`, 'utf8').toString('base64')}`;
  const init: RequestInit = { method, headers };
  if (options.rawBody !== undefined) init.body = options.rawBody;
  else if (body !== undefined) init.body = JSON.stringify(body);
  if (options.timeoutMs !== undefined) init.signal = AbortSignal.timeout(options.timeoutMs);
  const response = await fetch(`${sim.url}${path}`, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  let json: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json, bytes };
}
