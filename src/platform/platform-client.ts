import type { IncomingHttpHeaders } from 'node:http';
import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { SecretScrubber } from '../logging/secret-scrubber.js';
import { checkPlatformUrl, displayUrl, type UrlPolicy } from './check-platform-url.js';
import { describeWebApiError, kindOfWebApiError } from './classify-platform-failure.js';
import { httpStatusError } from './http-status-error.js';
import { sharedPlatformAgent } from './platform-agent.js';
import { PlatformError } from './platform-error.js';
import type { PlatformPath } from './platform-path.js';
import type { PlatformTarget } from './platform-target.js';
import { safeParseJson } from './safe-parse-json.js';
import { transportError } from './transport-error.js';
import { webApiEnvelopeSchema } from './schemas/web-api-envelope.js';

/** HTTP methods the platform's Web API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Options of a {@link PlatformClient}. */
export interface PlatformClientOptions {
  /** Base URL and credentials; the URL is checked again against `urlPolicy` on construction. */
  readonly target: PlatformTarget;
  /** `CMW_TIMEOUT_S` in ms: the whole call (connect, redirects, headers, body) is aborted after it. */
  readonly timeoutMs: number;
  /** The allowlist; also applied to every redirect hop. */
  readonly urlPolicy: UrlPolicy;
  /** The connection pool; defaults to the shared keep-alive pool with the DNS guard. */
  readonly dispatcher?: Dispatcher;
  /**
   * Largest response body read, in bytes.
   * @default 33554432 (32 MiB)
   */
  readonly maxResponseBytes?: number;
  /**
   * Redirects followed per call (same host only, each hop re-checked).
   * @default 5
   */
  readonly maxRedirects?: number;
  /** Told when each call ends, answered or not (metrics); never given the URL, body or credentials. */
  readonly onCall?: PlatformCallObserver | undefined;
  /**
   * With tracing on: a client span per call (`cmw.platform.call`) under the active span (the tool call's), with
   * the method, the platform's host and port, the status and the error kind; never the path, body or credentials.
   */
  readonly tracer?: Tracer | undefined;
}

/** What {@link PlatformClientOptions.onCall} hears of one call. */
export interface PlatformCall {
  readonly method: HttpMethod;
  /** The last HTTP status the platform answered (after redirects); undefined when none came (timeout, network). */
  readonly status: number | undefined;
  readonly durationMs: number;
}

/** Hears every call a {@link PlatformClient} makes. */
export type PlatformCallObserver = (call: PlatformCall) => void;

/** What a call sends: a JSON body (`null` is sent as the literal `null`), or a raw text body. */
export interface PlatformRequestBody {
  /** Serialised as JSON. Leave out for no body; `null` sends the JSON literal `null` (Disable/Enable routes). */
  readonly body?: unknown;
  /** Sent as-is with `Content-Type: application/json` (System Core calls that take a bare, unquoted id). */
  readonly rawBody?: string;
}

/** Options of one JSON call. */
export interface PlatformCallOptions<S extends z.ZodType> extends PlatformRequestBody {
  /** The shape of the answer (`response` of the envelope for Web API calls); checked before it is returned. */
  readonly schema: S;
  /** Cancels the call (the run's signal); the timeout applies on top of it. */
  readonly signal?: AbortSignal | undefined;
}

/** A raw answer, for binary content such as `webapi/Document/{id}/Content`. */
export interface PlatformRawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A typed client of the Comindware Platform Web API (`/webapi/*`, enveloped) and System Core API
 * (`/api/public/system/*`, bare JSON) for one base URL and one set of credentials.
 *
 * Every call sends HTTP Basic auth, is aborted after `timeoutMs`, reuses keep-alive connections, refuses URLs
 * that point at link-local or metadata addresses (also after DNS and on redirects), and either returns the
 * checked answer or throws one {@link PlatformError} whose message is safe to show: it never contains the
 * password.
 */
export class PlatformClient {
  readonly #timeoutMs: number;
  readonly #policy: UrlPolicy;
  readonly #dispatcher: Dispatcher;
  readonly #maxBytes: number;
  readonly #maxRedirects: number;
  readonly #authorization: string;
  readonly #scrubber: SecretScrubber;
  readonly #origin: string;
  readonly #baseUrl: string;
  readonly #onCall: PlatformCallObserver | undefined;
  readonly #tracer: Tracer | undefined;

  /**
   * @param options - target, timeout, URL policy and pool
   * @throws PlatformError `refused_url` when the base URL breaks the policy
   */
  constructor(options: PlatformClientOptions) {
    const url = checkPlatformUrl(options.target.baseUrl, options.urlPolicy);
    this.#timeoutMs = options.timeoutMs;
    this.#policy = options.urlPolicy;
    this.#dispatcher = options.dispatcher ?? sharedPlatformAgent();
    this.#maxBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#onCall = options.onCall;
    this.#tracer = options.tracer;
    this.#origin = url.origin;
    this.#baseUrl = options.target.baseUrl.replace(/\/+$/, '');
    const token = Buffer.from(`${options.target.login}:${options.target.password}`, 'utf8').toString(
      'base64',
    );
    this.#authorization = `Basic ${token}`;
    this.#scrubber = new SecretScrubber({
      credentials: [{ login: options.target.login, password: options.target.password }],
    });
  }

  /** The platform base URL (no credentials), e.g. for links shown to users. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /**
   * The UI link that opens any entity or record by its id: `{base}/#Resolver/{id}`.
   * @param id - an internal id (`oa.193`, `event.15199`) or a record id (`486482`)
   */
  entityUrl(id: string): string {
    return `${this.baseUrl}/#Resolver/${encodeURIComponent(id.trim())}`;
  }

  /**
   * Calls a Web API route and unwraps its `{success, response, error}` envelope. A bare answer (no `success`
   * key, as some image routes send) is accepted as the response itself.
   * @param method - HTTP method
   * @param path - a path built with `platformPath`, e.g. ``platformPath`webapi/Solution` ``
   * @param options - body, the response schema and the signal
   * @returns the envelope's `response` (null when absent), checked against `options.schema`
   * @throws PlatformError for every failure; an abort of `options.signal` rethrows the abort instead
   */
  async webApi<S extends z.ZodType>(
    method: HttpMethod,
    path: PlatformPath,
    options: PlatformCallOptions<S>,
  ): Promise<z.output<S>> {
    const what = `${method} ${path}`;
    return this.#traced(method, path, async (span) => {
      const res = await this.#send(method, path, options, 'application/json', options.signal, span);
      this.#throwOnHttpError(res, what);
      return this.#check(options.schema, this.#unwrap(res, this.#parseJson(res, what), what), what);
    });
  }

  /**
   * Calls a System Core route: always `POST {base}/api/public/system/{path}`, bare JSON in and out. An answer
   * wrapped in a Web API envelope is unwrapped too.
   * @param path - the route below `api/public/system/`, e.g. ``platformPath`Base/OntologyService/GetAxioms` ``
   * @param options - body (or raw body), the response schema and the signal
   * @throws PlatformError for every failure
   */
  async system<S extends z.ZodType>(
    path: PlatformPath,
    options: PlatformCallOptions<S>,
  ): Promise<z.output<S>> {
    const full = `api/public/system/${path}` as PlatformPath;
    const what = `POST ${full}`;
    return this.#traced('POST', full, async (span) => {
      const res = await this.#send('POST', full, options, 'application/json', options.signal, span);
      this.#throwOnHttpError(res, what);
      return this.#check(options.schema, this.#unwrap(res, this.#parseJson(res, what), what), what);
    });
  }

  /**
   * A call whose answer is not JSON (file content). HTTP errors still throw; the body is returned as bytes.
   * @param method - HTTP method
   * @param path - a path built with `platformPath`
   * @param options - body, `Accept` header (default any) and signal
   */
  async raw(
    method: HttpMethod,
    path: PlatformPath,
    options: PlatformRequestBody & {
      readonly accept?: string;
      readonly signal?: AbortSignal | undefined;
    } = {},
  ): Promise<PlatformRawResponse> {
    return this.#traced(method, path, async (span) => {
      const res = await this.#send(method, path, options, options.accept ?? '*/*', options.signal, span);
      this.#throwOnHttpError(res, `${method} ${path}`);
      return res;
    });
  }

  /**
   * Runs one call in its span when tracing is on (else just runs it). The span ends with the call, failed with the
   * error's kind when it throws: an envelope's refusal and a wrong shape count, not only HTTP errors.
   */
  async #traced<T>(
    method: HttpMethod,
    path: PlatformPath,
    call: (span: Span | undefined) => Promise<T>,
  ): Promise<T> {
    if (!this.#tracer) return call(undefined);
    const origin = new URL(this.#origin);
    const span = this.#tracer.startSpan('cmw.platform.call', {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'server.address': origin.hostname,
        'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
        // Which of the platform's APIs, never the path: system names and ids in it come from the conversation.
        'cmw.platform.api': path.startsWith('webapi/')
          ? 'webapi'
          : path.startsWith('api/public/system/')
            ? 'system'
            : 'other',
      },
    });
    try {
      return await call(span);
    } catch (error) {
      const kind =
        error instanceof PlatformError ? error.kind : error instanceof Error ? error.name : 'unknown';
      span.setAttribute('error.type', kind);
      span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
      throw error;
    } finally {
      span.end();
    }
  }

  async #send(
    method: HttpMethod,
    path: PlatformPath,
    body: PlatformRequestBody,
    accept: string,
    callerSignal: AbortSignal | undefined,
    span: Span | undefined,
  ): Promise<PlatformRawResponse> {
    callerSignal?.throwIfAborted();
    // A local controller, not `AbortSignal.timeout` + `AbortSignal.any`: those keep every call reachable until
    // the timeout fires; this timer and listener are dropped as soon as the call ends.
    const controller = new AbortController();
    const state = { timedOut: false };
    const timer = setTimeout(() => {
      state.timedOut = true;
      controller.abort(new DOMException('The platform call timed out.', 'TimeoutError'));
    }, this.#timeoutMs);
    const onCancel = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCancel, { once: true });
    const started = performance.now();
    let status: number | undefined;
    try {
      const res = await this.#exchange(method, path, body, accept, controller.signal, callerSignal, state);
      status = res.status;
      return res;
    } catch (error) {
      if (error instanceof PlatformError) status = error.httpStatus;
      throw error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
      this.#onCall?.({ method, status, durationMs: performance.now() - started });
      if (status !== undefined) span?.setAttribute('http.response.status_code', status);
    }
  }

  async #exchange(
    method: HttpMethod,
    path: PlatformPath,
    body: PlatformRequestBody,
    accept: string,
    signal: AbortSignal,
    callerSignal: AbortSignal | undefined,
    state: { readonly timedOut: boolean },
  ): Promise<PlatformRawResponse> {
    const payload =
      body.rawBody !== undefined
        ? body.rawBody
        : 'body' in body && body.body !== undefined
          ? JSON.stringify(body.body)
          : undefined;
    let url = new URL(`${this.baseUrl}/${path}`);
    let currentMethod = method;
    let currentPayload = payload;
    const what = `${method} ${path}`;

    for (let hop = 0; ; hop += 1) {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: currentMethod,
          dispatcher: this.#dispatcher,
          signal,
          headersTimeout: this.#timeoutMs + 1000,
          bodyTimeout: this.#timeoutMs + 1000,
          headers: {
            authorization: this.#authorization,
            accept,
            ...(currentPayload !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(currentPayload !== undefined ? { body: currentPayload } : {}),
        });
      } catch (error) {
        throw this.#transportError(error, what, callerSignal, state.timedOut);
      }

      if (REDIRECT_STATUSES.has(res.statusCode)) {
        discard(res);
        const location = res.headers.location;
        const target = Array.isArray(location) ? location[0] : location;
        if (!target) {
          throw new PlatformError(
            'server',
            `The platform answered ${what} with a redirect without a location.`,
            {
              status: 502,
              httpStatus: res.statusCode,
            },
          );
        }
        if (hop >= this.#maxRedirects) {
          throw new PlatformError(
            'server',
            `The platform redirected ${what} more than ${this.#maxRedirects} times.`,
            {
              status: 502,
              httpStatus: res.statusCode,
            },
          );
        }
        url = this.#checkRedirect(url, target, what);
        const keepsMethod = res.statusCode === 307 || res.statusCode === 308;
        if (!keepsMethod) {
          if (currentMethod !== 'GET') {
            throw new PlatformError(
              'server',
              `The platform redirected ${what} (HTTP ${res.statusCode}) in a way that would drop the request body; check the platform URL (e.g. http vs https).`,
              { status: 502, httpStatus: res.statusCode },
            );
          }
          currentPayload = undefined;
        }
        currentMethod = keepsMethod ? currentMethod : 'GET';
        continue;
      }

      try {
        const bytes = await this.#readBody(res, what);
        return { status: res.statusCode, headers: res.headers, body: bytes };
      } catch (error) {
        if (error instanceof PlatformError) throw error;
        throw this.#transportError(error, what, callerSignal, state.timedOut);
      }
    }
  }

  #checkRedirect(from: URL, location: string, what: string): URL {
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw new PlatformError('server', `The platform answered ${what} with an invalid redirect location.`, {
        status: 502,
      });
    }
    // The same rules as for the base URL, so a redirect cannot reach a metadata address or leave the allowlist.
    const checked = checkPlatformUrl(next, this.#policy);
    const sameOrigin = checked.origin === this.#origin;
    const upgrade =
      checked.hostname === from.hostname && from.protocol === 'http:' && checked.protocol === 'https:';
    if (!sameOrigin && !upgrade) {
      // Credentials go with every request, so a redirect to another host would hand them over.
      throw new PlatformError(
        'refused_url',
        `The platform redirected ${what} to another host (${displayUrl(checked.origin)}); redirects are only followed on the same host, so the credentials never leave it. Use that URL as the platform URL if it is right.`,
      );
    }
    return checked;
  }

  async #readBody(res: Dispatcher.ResponseData, what: string): Promise<Buffer> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBytes) {
      discard(res);
      throw this.#tooLarge(what, res.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > this.#maxBytes) {
        discard(res);
        throw this.#tooLarge(what, res.statusCode);
      }
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  #tooLarge(what: string, status: number): PlatformError {
    return new PlatformError(
      'server',
      `The platform's answer to ${what} is larger than ${Math.round(this.#maxBytes / 1024 / 1024)} MiB; ask for less data.`,
      { status: 502, httpStatus: status },
    );
  }

  #transportError(error: unknown, what: string, callerSignal: AbortSignal | undefined, timedOut: boolean) {
    return transportError(error, {
      what,
      origin: this.#origin,
      timeoutMs: this.#timeoutMs,
      callerSignal,
      timedOut,
      clean: (text) => this.#clean(text),
    });
  }

  #throwOnHttpError(res: PlatformRawResponse, what: string): void {
    const error = httpStatusError(res.status, res.body, what, (text) => this.#clean(text));
    if (error) throw error;
  }

  #parseJson(res: PlatformRawResponse, what: string): unknown {
    if (res.body.length === 0) return null;
    const parsed = safeParseJson(res.body.toString('utf8'));
    if (!parsed.ok) {
      throw new PlatformError(
        'server',
        `The platform answered ${what} with something that is not JSON (HTTP ${res.status}); check that the platform URL points at the platform itself.`,
        { status: 502, httpStatus: res.status },
      );
    }
    return parsed.value;
  }

  /**
   * Unwraps a `{success, response, error}` envelope: its `response` (null when absent), or the value itself when it
   * is not an envelope.
   * @throws PlatformError when the envelope says the platform refused the call
   */
  #unwrap(res: PlatformRawResponse, json: unknown, what: string): unknown {
    const envelope = webApiEnvelopeSchema.safeParse(json);
    if (!envelope.success) return json;
    if (!envelope.data.success) {
      throw new PlatformError(
        kindOfWebApiError(envelope.data.error),
        `The platform refused ${what}: ${this.#clean(describeWebApiError(envelope.data.error))}.`,
        { httpStatus: res.status, platformType: envelope.data.error?.type ?? undefined },
      );
    }
    return envelope.data.response ?? null;
  }

  #check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new PlatformError(
      'server',
      `The platform's answer to ${what} has an unexpected shape${where}: ${issue?.message ?? 'invalid'}.`,
      { status: 502, httpStatus: 200, cause: parsed.error },
    );
  }

  /**
   * Removes the password in every form this client makes of it (the Basic token, base64, URL-encoded,
   * JSON-escaped) from text that came from outside, e.g. an error page that echoes the request.
   */
  #clean(text: string): string {
    return this.#scrubber.text(text);
  }
}

/** Drops a response body we will not read, releasing or closing its connection without an unhandled error. */
function discard(res: Dispatcher.ResponseData): void {
  res.body.on('error', () => {});
  res.body.dump().catch(() => {});
}
