import { connect } from 'node:net';

/** What {@link rawRequest} read: the status code and, unless asked to stop at the status line, the whole text. */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends one HTTP/1.1 request exactly as written — the request target is not normalised, as `fetch` would — and
 * reads the answer until the connection closes, or only its status line (`statusOnly`, for endless streams).
 * @param target - the request target as it goes on the request line (`/a/../b`, `//x`, `http://host/x`)
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string; statusOnly?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = options.body ?? (method === 'GET' || method === 'HEAD' ? undefined : '{}');
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    connection: 'close',
    ...(body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
    ...options.headers,
  };
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${method} ${target}: ${JSON.stringify(text.slice(0, 200))}`));
    }, options.timeoutMs ?? 5000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text });
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(head + (body ?? '')));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (options.statusOnly && text.includes('\r\n')) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
