import { createOpenAICompatible, VERSION, type MetadataExtractor } from '@ai-sdk/openai-compatible';
import { APICallError, EmptyResponseBodyError } from 'ai';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  errorResponseFailure,
  fetchFailure,
  isAbortError,
  type CallSite,
  type ErrorResponse,
} from './api-call-failure.js';
import { chatCompletionsArgs, type CallOptions, type ChatCompletionsArgs } from './chat-completions-body.js';
import { parseChatChunk } from './chat-chunk.js';
import { ChatStreamParts, type StreamPart } from './chat-stream-parts.js';
import type { ProviderModel } from './create-language-model.js';
import { postBytes, type PostedResponse, type PostTarget } from './post-bytes.js';
import { SseDataSplitter } from './sse-data-splitter.js';
import type { ToolSplice } from './tool-splice.js';

/** Options of {@link ChatCompletionsModel}: those of `createOpenAICompatible` that this server uses. */
export interface ChatCompletionsModelOptions {
  /** The provider's name (`openai`, `polza`…): `<name>.chat` is the model's provider, `<name>` its metadata key. */
  readonly name: string;
  /** The API's base URL; `/chat/completions` is appended. */
  readonly baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>`; none when undefined or empty. */
  readonly apiKey?: string | undefined;
  readonly modelId: string;
  /** Asks for the usage chunk (`stream_options: {include_usage: true}`). @default false */
  readonly includeUsage?: boolean | undefined;
  /** Reads more provider metadata from the chunks (see `usageCostExtractor`). */
  readonly metadataExtractor?: MetadataExtractor | undefined;
  /** The `fetch` to send with, e.g. GigaChat's; the global one (read at each call) when undefined. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * Encodes the body with the tools' cached bytes (see {@link ToolSplice}) and sends it as a Buffer. Without it the
   * body goes as a JSON string, which a custom `fetch` such as GigaChat's reads and rewrites.
   */
  readonly toolSplice?: ToolSplice | undefined;
  /**
   * Text deltas of one text part that arrive in one network read go out as one `text-delta` (their texts joined),
   * where the AI SDK's model gives one a chunk: the text and its order are the same, there are fewer parts when
   * chunks come faster than they are read. Done where the read is parsed, so a chunk that arrives alone (how real
   * models stream) costs nothing more. @default false
   */
  readonly mergeTextDeltas?: boolean | undefined;
}

type GenerateResult = Awaited<ReturnType<ProviderModel['doGenerate']>>;
type StreamResult = Awaited<ReturnType<ProviderModel['doStream']>>;

/** The AI SDK's user agent suffixes: the provider package's, provider-utils' (not a direct dependency) and the runtime's. */
const PROVIDER_USER_AGENT = `ai-sdk/openai-compatible/${VERSION}`;
const UTILS_USER_AGENT = 'ai-sdk/provider-utils/4.0.65';
const RUNTIME_USER_AGENT = runtimeUserAgent();

/**
 * A chat-completions model for OpenAI-compatible servers that streams with far less work per chunk than the AI
 * SDK's `OpenAICompatibleChatLanguageModel`, which it stands in for: the same request on the wire (body byte for
 * byte, headers), the same stream parts and the same errors (see `chat-completions-model.test.ts`, which compares
 * the two). One `fetch`; the response body is read chunk by chunk in the `pull` of one `ReadableStream`, which
 * splits the server-sent events by hand, parses each `data:` with `JSON.parse` (zod only for a line that is not a
 * valid chunk) and enqueues the parts that chunk yields: no `TransformStream` chain.
 *
 * `doGenerate` (history summaries) and calls whose options it does not build (see {@link chatCompletionsArgs})
 * go to the AI SDK's own model.
 */
export class ChatCompletionsModel implements ProviderModel {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #name: string;
  readonly #url: string;
  /** {@link #url} for undici, split once. */
  readonly #target: PostTarget;
  readonly #configHeaders: Record<string, string>;
  readonly #includeUsage: boolean;
  readonly #metadataExtractor: MetadataExtractor | undefined;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #toolSplice: ToolSplice | undefined;
  readonly #mergeTextDeltas: boolean;
  readonly #options: ChatCompletionsModelOptions;
  #sdkModel: ProviderModel | undefined;
  /** The request headers of a call without headers of its own, once made. */
  #headers: Record<string, string> | undefined;

  constructor(o: ChatCompletionsModelOptions) {
    this.provider = `${o.name}.chat`;
    this.modelId = o.modelId;
    this.#name = o.name.split('.')[0]!.trim();
    const baseURL = o.baseURL.replace(/\/$/, '');
    const url = new URL(`${baseURL}/chat/completions`);
    this.#url = url.toString();
    this.#target = { origin: url.origin, path: `${url.pathname}${url.search}` };
    this.#configHeaders = withUserAgent(
      o.apiKey ? { Authorization: `Bearer ${o.apiKey}` } : {},
      PROVIDER_USER_AGENT,
    );
    this.#includeUsage = o.includeUsage ?? false;
    this.#metadataExtractor = o.metadataExtractor;
    this.#fetch = o.fetch;
    this.#toolSplice = o.toolSplice;
    this.#mergeTextDeltas = o.mergeTextDeltas ?? false;
    this.#options = o;
  }

  /** The AI SDK's own model for the same settings, made when first needed (summaries, options not built here). */
  get #sdk(): ProviderModel {
    const o = this.#options;
    return (this.#sdkModel ??= createOpenAICompatible({
      name: o.name,
      baseURL: o.baseURL,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
      includeUsage: this.#includeUsage,
      ...(o.metadataExtractor ? { metadataExtractor: o.metadataExtractor } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    }).chatModel(o.modelId));
  }

  /** The AI SDK's model answers: only history summaries call without streaming. */
  doGenerate(options: CallOptions): PromiseLike<GenerateResult> {
    return this.#sdk.doGenerate(options);
  }

  async doStream(options: CallOptions): Promise<StreamResult> {
    const args = chatCompletionsArgs(options, this.#name, this.modelId);
    if (args === undefined) return this.#sdk.doStream(options);
    const body = {
      ...args.body,
      stream: true,
      stream_options: this.#includeUsage ? { include_usage: true } : undefined,
    };
    const site: CallSite = { url: this.#url, requestBodyValues: body };
    const response = await this.#post(body, site, options);
    const responseHeaders = response.headers;
    if (response.body === null)
      throw fetchFailure(
        new APICallError({
          message: 'Failed to process successful response',
          cause: new EmptyResponseBodyError({}),
          statusCode: response.status,
          url: site.url,
          responseHeaders,
          requestBodyValues: body,
        }),
        site,
      );
    const readFailure = (error: unknown) =>
      isAbortError(error)
        ? error
        : fetchFailure(
            new APICallError({
              message: 'Failed to process successful response',
              cause: response.bodyError(error),
              statusCode: response.status,
              url: site.url,
              responseHeaders,
              requestBodyValues: body,
            }),
            site,
          );
    return {
      stream: partStream(response.body, readFailure, {
        warnings: args.warnings,
        metadataKey: this.#name,
        extractor: this.#metadataExtractor?.createStreamExtractor(),
        raw: options.includeRawChunks === true,
        mergeTextDeltas: this.#mergeTextDeltas,
      }),
      request: { body },
      response: { headers: responseHeaders },
    };
  }

  #callHeaders(own: CallOptions['headers']): Record<string, string> {
    return withUserAgent(
      { 'Content-Type': 'application/json', ...this.#configHeaders, ...own },
      UTILS_USER_AGENT,
      RUNTIME_USER_AGENT,
    );
  }

  /**
   * Sends the request: with the tools' cached bytes and no `fetch` of its own, by undici's `request` (see
   * {@link postBytes}); else by `fetch`. A response with an error status, or a failed request, is thrown as the AI
   * SDK throws it.
   */
  async #post(body: Record<string, unknown>, site: CallSite, options: CallOptions): Promise<BodyResponse> {
    // The same for every call without headers of its own (the agent's): made once, read by both senders.
    const headers =
      options.headers === undefined
        ? (this.#headers ??= this.#callHeaders(undefined))
        : this.#callHeaders(options.headers);
    try {
      let response: BodyResponse | undefined;
      if (this.#toolSplice && !this.#fetch) {
        // Bytes encoded around the tools' cached bytes; nothing else keeps the body's text.
        const posted = await postBytes(
          this.#target,
          headers,
          this.#toolSplice.bodyBytes(body),
          options.abortSignal,
        );
        // A redirect is left to `fetch`, which follows it as the AI SDK's calls do.
        if (posted.status < 300 || posted.status >= 400) response = undiciResponse(posted);
        else posted.body.on('error', () => undefined).resume();
      }
      response ??= await fetchResponse(this.#fetch, this.#url, {
        method: 'POST',
        headers,
        // The same bytes as text where `fetch` may follow a redirect: it sends a body again from its source, and
        // the bytes' buffer is detached by then.
        body: this.#toolSplice && this.#fetch ? this.#toolSplice.bodyBytes(body) : JSON.stringify(body),
        signal: options.abortSignal,
      });
      if (response.status < 200 || response.status >= 300) throw await errorResponseFailure(response, site);
      return response;
    } catch (error) {
      throw fetchFailure(error, site);
    }
  }
}

/** A response as the model reads it, whichever way it was sent. */
interface BodyResponse extends ErrorResponse {
  /** The body as a Node stream of bytes; null when the response has none. */
  readonly body: Readable | null;
  /** What `fetch`'s body reader would have thrown for an error of {@link body}. */
  bodyError(error: unknown): unknown;
}

/** {@link postBytes}'s response; its body's errors become `fetch`'s (`TypeError('terminated', { cause })`). */
function undiciResponse(posted: PostedResponse): BodyResponse {
  const bodyError = (error: unknown) =>
    isAbortError(error) ? error : new TypeError('terminated', { cause: error });
  return {
    status: posted.status,
    statusText: posted.statusText,
    headers: posted.headers,
    body: posted.body,
    bodyError,
    async text() {
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of posted.body) chunks.push(chunk as Buffer);
      } catch (error) {
        throw bodyError(error);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** A `fetch` response, its body as a Node stream. */
async function fetchResponse(
  fetch: typeof globalThis.fetch | undefined,
  url: string,
  init: RequestInit,
): Promise<BodyResponse> {
  const response = await (fetch ?? globalThis.fetch)(url, init);
  return {
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    body: response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : null,
    bodyError: (error) => error,
    text: () => response.text(),
  };
}

/** What {@link partStream} needs besides the body's reader. */
interface PartStreamOptions {
  readonly warnings: ChatCompletionsArgs['warnings'];
  readonly metadataKey: string;
  readonly extractor: ReturnType<MetadataExtractor['createStreamExtractor']> | undefined;
  /** Emit a `raw` part with each chunk's JSON (`includeRawChunks`). */
  readonly raw: boolean;
  /** Join the text deltas of one read (see {@link ChatCompletionsModelOptions.mergeTextDeltas}). */
  readonly mergeTextDeltas: boolean;
}

/**
 * The stream of a call's parts: `stream-start`, then for each network chunk of the body the parts it completes, at
 * once (the body flows while the parts are read; it pauses when they are not); at the end of the body, the
 * closing parts and `finish`. Cancelling it destroys the body.
 */
function partStream(
  body: Readable,
  readFailure: (error: unknown) => unknown,
  o: PartStreamOptions,
): ReadableStream<StreamPart> {
  const decoder = new TextDecoder();
  const splitter = new SseDataSplitter();
  let done = false;
  return new ReadableStream<StreamPart>({
    start(controller) {
      const enqueue = (part: StreamPart) => controller.enqueue(part);
      /** The text delta of this read so far, held while more of the same text part may follow. */
      let text: Extract<StreamPart, { type: 'text-delta' }> | undefined;
      const flushText = () => {
        if (text === undefined) return;
        enqueue(text);
        text = undefined;
      };
      const emit = o.mergeTextDeltas
        ? (part: StreamPart) => {
            if (part.type === 'text-delta' && part.providerMetadata === undefined) {
              if (text !== undefined && text.id === part.id)
                text = { ...text, delta: text.delta + part.delta };
              else {
                flushText();
                text = part;
              }
              return;
            }
            flushText();
            enqueue(part);
          }
        : enqueue;
      const parts = new ChatStreamParts(emit, o.metadataKey, o.extractor);
      const onData = (data: string) => {
        if (data === '[DONE]') return;
        const chunk = parseChatChunk(data);
        if (o.raw) emit({ type: 'raw', rawValue: chunk.rawValue });
        if (chunk.success) parts.chunk(chunk.value, chunk.rawValue);
        else parts.invalid(chunk.error);
      };
      controller.enqueue({ type: 'stream-start', warnings: o.warnings });
      body.on('data', (bytes: Uint8Array) => {
        if (done) return;
        try {
          splitter.feed(decoder.decode(bytes, { stream: true }), onData);
          flushText();
        } catch (error) {
          // A chunk the AI SDK fails on too (a new tool call without a name): the stream fails, the body is let go.
          done = true;
          body.destroy();
          controller.error(error);
          return;
        }
        // Parts nobody reads yet: the body waits until they are (`pull`).
        if (controller.desiredSize !== null && controller.desiredSize <= 0) body.pause();
      });
      body.once('end', () => {
        if (done) return;
        done = true;
        try {
          parts.flush();
          flushText();
        } catch (error) {
          // A call whose name never came fails at the end, as in the AI SDK.
          controller.error(error);
          return;
        }
        controller.close();
      });
      body.on('error', (error) => {
        if (done) return;
        done = true;
        controller.error(readFailure(error));
      });
    },
    pull() {
      if (!done && body.isPaused()) body.resume();
    },
    cancel() {
      done = true;
      body.destroy();
    },
  });
}

/**
 * The AI SDK's `withUserAgentSuffix`: header names lower-cased (later spellings win), undefined values dropped,
 * the suffixes appended to any `user-agent`, names sorted as `Headers` lists them.
 */
function withUserAgent(
  headers: Record<string, string | undefined>,
  ...suffixes: string[]
): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value != null) normalized[key.toLowerCase()] = value;
  const h = new Headers(normalized);
  h.set('user-agent', [h.get('user-agent') || '', ...suffixes].filter(Boolean).join(' '));
  return Object.fromEntries(h.entries());
}

/** The AI SDK's `getRuntimeEnvironmentUserAgent`. */
function runtimeUserAgent(): string {
  const g = globalThis as { window?: unknown; navigator?: { userAgent?: string }; EdgeRuntime?: unknown };
  if (g.window) return 'runtime/browser';
  if (g.navigator?.userAgent) return `runtime/${g.navigator.userAgent.toLowerCase()}`;
  if (globalThis.process?.versions?.node) return `runtime/node.js/${process.version}`;
  if (g.EdgeRuntime) return 'runtime/vercel-edge';
  return 'runtime/unknown';
}
