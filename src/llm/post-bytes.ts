import { pipeline, type Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';

/** What {@link postBytes} got back: the status, the headers as `fetch` lists them, the body as a stream of bytes. */
export interface PostedResponse {
  readonly status: number;
  readonly statusText: string;
  /** Header names lower-cased and sorted, repeated values joined with `, `: `Object.fromEntries(response.headers)`. */
  readonly headers: Record<string, string>;
  /** The body, decoded as `fetch` decodes it (gzip, deflate, br); read it to its end or destroy it. */
  readonly body: Readable;
}

/** Where {@link postBytes} sends: a URL's origin and its path with the query, as undici's `request(url)` splits it. */
export interface PostTarget {
  readonly origin: string;
  readonly path: string;
}

/** Headers `fetch` adds to a request that does not set them (Node's undici `fetch`). */
const FETCH_DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'accept-encoding': 'gzip, deflate',
};

/** The connection pool of the LLM calls, with `fetch`'s defaults (keep-alive, 300 s header and body timeouts). */
let agent: Agent | undefined;

/**
 * POSTs bytes with undici's `request` and resolves once the response headers are in: the same request on the wire
 * as `fetch` sends (its default headers too), without what `fetch` adds per call and per chunk: a copy of the body
 * kept for the whole response, a web stream over the response body and its promise a chunk. The body is handed
 * over as a one-shot iterable with its length, so it is let go once written rather than kept until the response
 * ends. Errors are `fetch`'s: an abort rejects with the signal's reason, anything else with
 * `TypeError('fetch failed', { cause })`. Redirects are not followed: the caller decides (see `status`).
 * @param target - where to
 * @param headers - lower-case names; `fetch`'s defaults fill in the ones missing
 * @param bytes - the body
 * @param signal - aborts the request, and the body while it is read
 */
export async function postBytes(
  target: PostTarget,
  headers: Record<string, string>,
  bytes: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<PostedResponse> {
  signal?.throwIfAborted();
  let response: Dispatcher.ResponseData;
  try {
    response = await (agent ??= new Agent()).request({
      origin: target.origin,
      path: target.path,
      method: 'POST',
      headers: { ...FETCH_DEFAULT_HEADERS, ...headers, 'content-length': String(bytes.byteLength) },
      // undici sends any (async) iterable (client-h1's writeIterable); its types name only streams.
      body: oneShot(bytes) as unknown as Readable,
      signal,
    });
  } catch (error) {
    if (signal?.aborted && error === signal.reason) throw error;
    throw new TypeError('fetch failed', { cause: error });
  }
  return {
    status: response.statusCode,
    statusText: response.statusText,
    headers: fetchHeaders(response.headers),
    body: decoded(response.body, response.headers['content-encoding']),
  };
}

/** An iterable that yields the bytes once and then forgets them. */
function oneShot(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  let pending: Uint8Array | undefined = bytes;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const value = pending;
        pending = undefined;
        return Promise.resolve(
          value === undefined ? { done: true as const, value: undefined } : { done: false as const, value },
        );
      },
    }),
  };
}

/** Headers as `Object.fromEntries(new Headers(...))` gives them: sorted by name, repeated values joined. */
function fetchHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(raw).sort()) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The body decoded by its `content-encoding`, last coding first, as `fetch` does; unknown codings left as they are. */
function decoded(body: Readable, encoding: string | string[] | undefined): Readable {
  const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
  if (codings.length === 0) return body;
  const decoders: NodeJS.ReadWriteStream[] = [];
  for (const coding of codings) {
    if (coding === 'gzip' || coding === 'x-gzip')
      decoders.push(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }));
    else if (coding === 'deflate')
      decoders.push(createInflate({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }));
    else if (coding === 'br')
      decoders.push(
        createBrotliDecompress({
          flush: constants.BROTLI_OPERATION_FLUSH,
          finishFlush: constants.BROTLI_OPERATION_FLUSH,
        }),
      );
    else return body;
  }
  return pipeline([body, ...decoders], () => undefined) as unknown as Readable;
}
