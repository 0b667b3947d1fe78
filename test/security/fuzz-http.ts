import { connect } from 'node:net';

/** One request as the fuzzer sends it: the target exactly as written, headers in order (a name may repeat). */
export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body's bytes; `undefined` sends no body and no `Content-Length`. */
  readonly body: Buffer | undefined;
}

/** What came back: the status, the headers (names lower-cased), and the body unless it was an event stream. */
export interface FuzzResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, de-chunked; empty for an event stream (only its head is read). */
  readonly body: string;
  /** The answer is `text/event-stream`: the connection was dropped after its head. */
  readonly stream: boolean;
}

/**
 * Sends one HTTP/1.1 request over a fresh socket (`Connection: close`) and reads the answer. An event stream is
 * read up to the end of its head, then the connection is dropped, as a client that leaves would.
 */
export function sendFuzzRequest(
  baseUrl: string,
  request: FuzzRequest,
  timeoutMs = 15_000,
): Promise<FuzzResponse> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    'connection: close',
  ];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`content-length: ${request.body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');

  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let parsedHead: { status: number; headers: Record<string, string>; bodyStart: number } | undefined;
    let settled = false;
    const timer = setTimeout(() => {
      socket.destroy();
      settle(
        new Error(
          `no complete answer to ${request.method} ${request.target.slice(0, 200)} in ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const settle = (outcome: Error | FuzzResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const finish = () => {
      const all = Buffer.concat(chunks);
      const h = parsedHead ?? parseHead(all);
      if (!h)
        return settle(
          new Error(
            `the connection closed before a whole head: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`,
          ),
        );
      const raw = all.subarray(h.bodyStart);
      const body = /chunked/i.test(h.headers['transfer-encoding'] ?? '') ? dechunk(raw) : raw;
      settle({ status: h.status, headers: h.headers, body: body.toString('utf8'), stream: false });
    };
    socket.on('connect', () => {
      socket.write(request.body === undefined ? head : Buffer.concat([head, request.body]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      parsedHead ??= parseHead(Buffer.concat(chunks));
      if (parsedHead && /text\/event-stream/i.test(parsedHead.headers['content-type'] ?? ''))
        settle({ status: parsedHead.status, headers: parsedHead.headers, body: '', stream: true });
    });
    socket.on('end', finish);
    // The server may answer early (a body too large) and reset while we still write: what it said still counts.
    socket.on('error', (error) => (chunks.length > 0 ? finish() : settle(error)));
  });
}

function parseHead(
  bytes: Buffer,
): { status: number; headers: Record<string, string>; bodyStart: number } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...fields] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon > 0) headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  return { status, headers, bodyStart: end + 4 };
}

/** Undoes `Transfer-Encoding: chunked` (what arrived of it). */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
