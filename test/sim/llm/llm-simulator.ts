import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createCompletion, type Completion } from './create-completion.js';
import { defaultSimReply } from './default-sim-reply.js';
import { encodeChatCompletion } from './encode-chat-completion.js';
import { encodeStreamFrames } from './encode-stream-frames.js';
import {
  encodeGeminiResponse,
  encodeGeminiStream,
  GEMINI_PATH,
  geminiErrorBody,
  geminiToChat,
} from './gemini-wire.js';
import {
  encodeGigaChatResponse,
  encodeGigaChatStream,
  GIGACHAT_SCOPES,
  gigachatErrorBody,
  gigachatToChat,
  notGigaChat,
} from './gigachat-wire.js';
import { openAiErrorBody } from './openai-error-body.js';
import { randomId } from './random-id.js';

export { defaultSimReply } from './default-sim-reply.js';

/** Options of {@link startLlmSimulator}. */
export interface LlmSimulatorOptions {
  /** Port to listen on, host 127.0.0.1; default 0 (an ephemeral port, see {@link LlmSimulator.port}). */
  port?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401 OpenAI error object. */
  apiKey?: string;
  /** Models listed by `GET /v1/models`; default `[{ id: 'sim-model', context_length: 131072 }]`. */
  models?: {
    id: string;
    context_length?: number;
    /** OpenRouter's per-token USD prices, as strings, listed as they are. */
    pricing?: { prompt: string; completion: string; input_cache_read?: string };
    /** What it takes in, listed as OpenRouter's `architecture.input_modalities` (e.g. `['text', 'image']`). */
    input_modalities?: string[];
  }[];
  /** Delay before answering `GET /v1/models` (a slow provider at start-up). */
  modelsDelayMs?: number;
  /** Characters per streamed content chunk when a reply gives its text as one string; default 8. */
  chunkSize?: number;
  /**
   * Usage on the finish chunk of every stream, asked for or not, as Mistral (`usage`) and Groq (`x_groq.usage`)
   * send it; default `none` (OpenAI's: only the usage chunk asked for by `stream_options.include_usage`).
   */
  finishUsage?: 'none' | 'usage' | 'x_groq';
  /**
   * `gigachat`: speak GigaChat's API instead of OpenAI's on the chat routes: `POST /api/v2/oauth` issues access
   * tokens for `apiKey` (the authorization key, as Basic auth), chat requests need one as the bearer and must use
   * GigaChat's function calling (OpenAI's `tools` are a 400), answers carry `function_call`s.
   */
  wire?: 'openai' | 'gigachat';
}

/** A tool call the simulated model makes. */
export interface SimToolCall {
  /** Tool call id; default a fresh `call_…` id. */
  id?: string;
  /** Function name. */
  name: string;
  /** Arguments: an object (sent as JSON) or a string sent verbatim (which may be invalid JSON on purpose). */
  arguments: Record<string, unknown> | string;
}

/** What the simulated model answers to one chat completion request. */
export interface SimReply {
  /** Content; a string is split into `chunkSize` pieces, an array is sent chunk by chunk as given. */
  text?: string | string[];
  /** Tool calls, streamed after the text; finish_reason becomes 'tool_calls' unless `finishReason` is given. */
  toolCalls?: SimToolCall[];
  /** Finish reason; default 'tool_calls' when there are tool calls, else 'stop'. */
  finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
  /**
   * Reported usage; default estimated as characters / 4 of the request messages and of the reply. `cached_tokens`
   * goes out as OpenAI's `prompt_tokens_details.cached_tokens`, `cost` as OpenRouter's `usage.cost` (USD), `cost_rub`
   * as Polza's `usage.cost_rub` (roubles).
   */
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    cached_tokens?: number;
    cost?: number;
    cost_rub?: number;
  };
  /** Delay before anything of the response (status line included) is sent, streaming or not. */
  firstChunkDelayMs?: number;
  /** Delay between streamed chunks; 0 or unset writes the whole stream at once. */
  chunkDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI error object `{error:{message,type,param:null,code}}` instead. */
  error?: { status: number; message?: string; type?: string; code?: string };
  /**
   * Streaming: after the role chunk and N content/tool-call chunks, destroy the socket abruptly (no finish
   * chunk, no [DONE]). Non-streaming: destroy the socket without answering.
   */
  cutAfterChunks?: number;
  /**
   * Streaming: after the role chunk and N content/tool-call chunks send nothing more, keeping the connection
   * open until the client goes away or the simulator closes. Non-streaming: never answer.
   */
  hangAfterChunks?: number;
  /**
   * Streaming: after the role chunk and N content/tool-call chunks send a `data: {"error":{…}}` frame, as
   * OpenAI and OpenRouter do for mid-stream errors, then end the stream (no [DONE]). Non-streaming: answer
   * 200 with that error object, as OpenRouter does.
   */
  streamErrorAfterChunks?: number;
}

/** A `POST …/chat/completions` request as the simulator received it. */
export interface SimRequest {
  /**
   * The parsed JSON body (the raw text when it was not valid JSON). A Gemini request is recorded as the OpenAI
   * chat-completions body that says the same (see `geminiToChat`), its own body in `wireBody`.
   */

  body: any;
  /** The request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Whether the body asked for a stream (`stream: true`). */
  stream: boolean;
  /** The protocol it came in: OpenAI's chat completions, Gemini's `generateContent` or GigaChat's. */
  wire: 'openai' | 'gemini' | 'gigachat';
  /** The body as sent, for a wire other than OpenAI's. */
  wireBody?: unknown;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
}

/** Supplies the reply to a request when the script queue is empty; `index` is its position in `requests`. */
export type SimHandler = (request: SimRequest, index: number) => SimReply | Promise<SimReply>;

/** A running OpenAI-compatible chat completions simulator. */
export interface LlmSimulator {
  /** Base URL including /v1, e.g. `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /**
   * Every `POST …/chat/completions` received, in order of arrival (index = position), including those
   * answered with an error (401, 400); cleared in place by {@link LlmSimulator.reset}.
   */
  readonly requests: SimRequest[];
  /** Appends replies to the FIFO queue consumed by the next requests, before the handler or default. */
  script(...replies: SimReply[]): void;
  /** Sets (or clears) the handler used when the script queue is empty. */
  setHandler(handler: SimHandler | undefined): void;
  /** Changes the delay before answering `GET /v1/models`. */
  setModelsDelay(ms: number): void;
  /** Clears the recorded requests, the script queue and the handler. */
  reset(): void;
  /** Closes the server and destroys open sockets (hanging streams included). Idempotent. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_MODELS = [{ id: 'sim-model', context_length: 131072 }];
const DEFAULT_CONTEXT_LENGTH = 131072;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const CHAT_PATHS = new Set(['/v1/chat/completions', '/chat/completions', '/api/v1/chat/completions']);
const MODELS_PATHS = new Set(['/v1/models', '/models', '/api/v1/models']);
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** Tracks whether a response's connection is still open, and waits that end early when it closes. */
class Exchange {
  closed = false;
  private wake: (() => void) | undefined;

  constructor(readonly res: ServerResponse) {
    res.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    // A write racing a client disconnect may error; 'close' follows and ends the exchange.
    res.on('error', () => undefined);
  }

  /** Resolves true after `ms`, or false as soon as the connection is closed. */
  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (!(ms > 0)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(!this.closed);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(false);
      };
    });
  }
}

type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: boolean };

function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) settle({ ok: false, tooLarge: true });
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ ok: false, tooLarge: false }));
    req.on('close', () => settle({ ok: false, tooLarge: false }));
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': randomId('req_', 24),
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  code?: string,
  headers?: Record<string, string>,
): void {
  sendJson(res, status, openAiErrorBody(status, message, undefined, code), headers);
}

function defaultErrorMessage(status: number): string {
  if (status === 401) return 'Incorrect API key provided (simulated).';
  if (status === 429) return 'Rate limit reached (simulated).';
  if (status >= 500) return 'The server had an error while processing your request (simulated).';
  return `Simulated error with status ${status}.`;
}

function midStreamError(): unknown {
  return openAiErrorBody(500, 'The simulated model failed mid-stream.', 'server_error', 'stream_error');
}

/** Whether the client asked for the usage chunk: OpenAI's `stream_options.include_usage` or OpenRouter's `usage.include`. */
function wantsUsage(body: Record<string, unknown>): boolean {
  const { stream_options: streamOptions, usage } = body;
  return (
    (isRecord(streamOptions) && streamOptions.include_usage === true) ||
    (isRecord(usage) && usage.include === true)
  );
}

/** Writes a completion as an SSE stream, honouring delays and the cut / hang / mid-stream-error endings. */
async function streamCompletion(
  exchange: Exchange,
  reply: SimReply,
  completion: Completion,
  includeUsage: boolean,
  finishUsage: LlmSimulatorOptions['finishUsage'],
): Promise<void> {
  const { res } = exchange;
  const frames = encodeStreamFrames(completion, includeUsage, finishUsage);
  const { cutAfterChunks: cut, hangAfterChunks: hang, streamErrorAfterChunks: fail } = reply;
  const ending =
    cut !== undefined ? 'cut' : hang !== undefined ? 'hang' : fail !== undefined ? 'fail' : 'end';
  const deltaCount = cut ?? hang ?? fail ?? frames.deltas.length;

  // Each step: [frame, whether chunkDelayMs precedes it]. Usage and [DONE] follow the finish chunk at once.
  const steps: [string, boolean][] = [[frames.role, false]];
  for (const delta of frames.deltas.slice(0, deltaCount)) steps.push([delta, true]);
  if (ending === 'fail') steps.push([`data: ${JSON.stringify(midStreamError())}\n\n`, true]);
  if (ending === 'end') {
    steps.push([frames.finish, true]);
    for (const frame of frames.trailer) steps.push([frame, false]);
  }

  const writeLast = (data: string): void => {
    if (ending === 'cut') res.write(data, () => res.destroy());
    else if (ending === 'hang') res.write(data);
    else res.end(data);
  };

  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': randomId('req_', 24) });
  const delay = reply.chunkDelayMs ?? 0;
  if (!(delay > 0)) {
    writeLast(steps.map(([frame]) => frame).join(''));
    return;
  }
  for (const [index, [frame, delayed]] of steps.entries()) {
    if (delayed && index > 0 && !(await exchange.wait(delay))) return;
    if (exchange.closed) return;
    if (index === steps.length - 1) writeLast(frame);
    else res.write(frame);
  }
}

/**
 * Starts an OpenAI-compatible chat completions server on 127.0.0.1 that speaks the real wire protocol
 * (JSON and SSE streaming, tool calls, usage, OpenAI error objects) so that the AI SDK providers and the
 * `openai` SDK cannot tell it from a real server.
 *
 * Routes: `POST /v1/chat/completions` (also `/chat/completions`, `/api/v1/chat/completions`) and
 * `GET /v1/models` (also `/models`, `/api/v1/models`); Gemini's `POST /v1beta/models/{model}:streamGenerateContent`
 * (`?alt=sse`) and `:generateContent` and `GET /v1beta/models`, with the key in `x-goog-api-key`; anything else is a
 * 404 OpenAI error.
 * Each chat request is answered by the next scripted reply, else the handler, else {@link defaultSimReply}.
 */
export async function startLlmSimulator(options: LlmSimulatorOptions = {}): Promise<LlmSimulator> {
  const requests: SimRequest[] = [];
  const queue: SimReply[] = [];
  let handler: SimHandler | undefined;
  let modelsDelayMs = options.modelsDelayMs ?? 0;
  const rawChunkSize = Math.floor(options.chunkSize ?? 8);
  const chunkSize = rawChunkSize >= 1 ? rawChunkSize : 8;
  const models: NonNullable<LlmSimulatorOptions['models']> = options.models ?? DEFAULT_MODELS;
  const { apiKey } = options;
  const startedAt = Math.floor(Date.now() / 1000);
  const sockets = new Set<Socket>();

  const gigachat = options.wire === 'gigachat';
  /** GigaChat's access tokens issued so far. */
  const tokens = new Set<string>();
  const authorized = (req: IncomingMessage): boolean => {
    if (gigachat) {
      const match = /^bearer\s+(.*)$/i.exec(req.headers.authorization ?? '');
      return apiKey === undefined || tokens.has(match?.[1]?.trim() ?? '');
    }
    if (apiKey === undefined) return true;
    const googKey = req.headers['x-goog-api-key'];
    if (googKey !== undefined) return googKey === apiKey;
    const match = /^bearer\s+(.*)$/i.exec(req.headers.authorization ?? '');
    return match?.[1]?.trim() === apiKey;
  };
  const sendUnauthorized = (req: IncomingMessage, res: ServerResponse): void => {
    if (gigachat)
      return sendJson(res, 401, gigachatErrorBody(401, 'Token has expired or is invalid. (Simulated.)'));
    const message =
      req.headers.authorization === undefined
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). (Simulated server.)"
        : 'Incorrect API key provided. (Simulated server.)';
    sendError(res, 401, message, 'invalid_api_key');
  };

  async function handleModels(req: IncomingMessage, exchange: Exchange, gemini: boolean): Promise<void> {
    if (!(await exchange.wait(modelsDelayMs))) return;
    if (!authorized(req)) {
      if (gemini) sendJson(exchange.res, 401, geminiErrorBody(401, 'API key not valid. (Simulated server.)'));
      else sendUnauthorized(req, exchange.res);
      return;
    }
    if (gemini) {
      sendJson(exchange.res, 200, {
        models: models.map((model) => ({
          name: `models/${model.id}`,
          displayName: model.id,
          inputTokenLimit: model.context_length ?? DEFAULT_CONTEXT_LENGTH,
          outputTokenLimit: 65536,
          supportedGenerationMethods: ['generateContent', 'countTokens'],
        })),
      });
      return;
    }
    sendJson(exchange.res, 200, {
      object: 'list',
      data: models.map((model) => ({
        id: model.id,
        object: 'model',
        created: startedAt,
        owned_by: 'sim',
        context_length: model.context_length ?? DEFAULT_CONTEXT_LENGTH,
        ...(model.pricing ? { pricing: model.pricing } : {}),
        ...(model.input_modalities ? { architecture: { input_modalities: model.input_modalities } } : {}),
      })),
    });
  }

  /** GigaChat's `POST /api/v2/oauth`: a token for the authorization key and a known scope. */
  async function handleOAuth(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const scope = raw.ok ? new URLSearchParams(raw.text).get('scope') : null;
    const basic = /^basic\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const rqUid = req.headers.rquid;
    if (typeof rqUid !== 'string' || !/^[0-9a-f-]{36}$/i.test(rqUid))
      return sendJson(res, 400, gigachatErrorBody(400, 'RqUID header must be a UUID. (Simulated.)'));
    if (apiKey !== undefined && basic !== apiKey)
      return sendJson(
        res,
        401,
        gigachatErrorBody(401, 'Authorization error: header is incorrect. (Simulated.)'),
      );
    if (scope === null || !GIGACHAT_SCOPES.includes(scope))
      return sendJson(res, 400, gigachatErrorBody(400, 'scope is not valid. (Simulated.)'));
    const token = randomId('tok-', 32);
    tokens.add(token);
    sendJson(res, 200, { access_token: token, expires_at: Date.now() + 30 * 60_000 });
  }

  async function respond(exchange: Exchange, request: SimRequest, reply: SimReply): Promise<void> {
    const { res } = exchange;
    if (reply.firstChunkDelayMs && !(await exchange.wait(reply.firstChunkDelayMs))) return;
    if (exchange.closed) return;
    if (reply.error !== undefined) {
      const { status: requested, message, type, code } = reply.error;
      const status = Number.isInteger(requested) && requested >= 200 && requested <= 599 ? requested : 500;
      const text = message ?? defaultErrorMessage(status);
      sendJson(
        res,
        status,
        request.wire === 'gemini'
          ? geminiErrorBody(status, text)
          : request.wire === 'gigachat'
            ? gigachatErrorBody(status, text)
            : openAiErrorBody(status, text, type, code),
      );
      return;
    }
    const body = request.body as Record<string, unknown>;
    const completion = createCompletion(reply, body, chunkSize);
    if (request.wire === 'gemini' || request.wire === 'gigachat') {
      const gemini = request.wire === 'gemini';
      if (!request.stream)
        return sendJson(
          res,
          200,
          gemini ? encodeGeminiResponse(completion) : encodeGigaChatResponse(completion),
        );
      res.writeHead(200, SSE_HEADERS);
      const frames = gemini ? encodeGeminiStream(completion) : encodeGigaChatStream(completion);
      for (const [index, frame] of frames.entries()) {
        if (index > 0 && !(await exchange.wait(reply.chunkDelayMs ?? 0))) return;
        res.write(frame);
      }
      res.end();
      return;
    }
    if (request.stream) {
      await streamCompletion(exchange, reply, completion, wantsUsage(body), options.finishUsage);
    } else if (reply.cutAfterChunks !== undefined) {
      res.destroy();
    } else if (reply.hangAfterChunks === undefined) {
      const payload =
        reply.streamErrorAfterChunks === undefined ? encodeChatCompletion(completion) : midStreamError();
      sendJson(res, 200, payload);
    }
  }

  /**
   * @param gemini - for Gemini's route: the model and whether it streams (from the path); the body is read as
   *   Gemini's and recorded as OpenAI's
   */
  async function handleChat(
    req: IncomingMessage,
    exchange: Exchange,
    receivedAt: number,
    gemini?: { model: string; stream: boolean },
  ): Promise<void> {
    const { res } = exchange;
    const raw = await readBody(req);
    if (!raw.ok) {
      if (raw.tooLarge)
        sendError(res, 413, 'Request body too large.', 'request_too_large', { connection: 'close' });
      return;
    }
    let body: unknown = raw.text;
    let parsed = false;
    try {
      body = JSON.parse(raw.text);
      parsed = true;
    } catch {
      // recorded as raw text, answered with a 400 below
    }
    const wireBody = (gemini || gigachat) && parsed ? body : undefined;
    if (gemini && parsed) body = geminiToChat(body, gemini.model, gemini.stream);
    const invalid = gigachat && parsed && isRecord(body) ? notGigaChat(body) : undefined;
    if (gigachat && parsed && isRecord(body)) body = gigachatToChat(body);
    const stream = gemini ? gemini.stream : isRecord(body) && body.stream === true;
    const request: SimRequest = {
      body,
      headers: { ...req.headers },
      stream,
      receivedAt,
      wire: gemini ? 'gemini' : gigachat ? 'gigachat' : 'openai',
      ...(wireBody !== undefined ? { wireBody } : {}),
    };
    const index = requests.push(request) - 1;

    if (!authorized(req)) {
      sendUnauthorized(req, res);
      return;
    }
    if (invalid !== undefined) return sendJson(res, 400, gigachatErrorBody(400, `${invalid} (Simulated.)`));
    if (!parsed) {
      sendError(
        res,
        400,
        'We could not parse the JSON body of your request. (Simulated server: invalid JSON.)',
      );
      return;
    }
    if (!isRecord(body) || typeof body.model !== 'string' || body.model === '') {
      sendError(res, 400, 'you must provide a model parameter', 'missing_required_parameter');
      return;
    }
    if (!Array.isArray(body.messages)) {
      sendError(res, 400, "Missing required parameter: 'messages'.", 'missing_required_parameter');
      return;
    }

    let reply = queue.shift();
    if (reply === undefined) {
      try {
        reply = handler === undefined ? defaultSimReply(body) : await handler(request, index);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        sendError(res, 500, `Simulator handler failed: ${message}`, 'sim_handler_failed');
        return;
      }
    }
    await respond(exchange, request, reply);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const exchange = new Exchange(res);
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    if (req.method === 'POST' && gigachat && path === '/api/v2/oauth') return handleOAuth(req, res);
    if (req.method === 'POST' && CHAT_PATHS.has(path)) return handleChat(req, exchange, receivedAt);
    if (req.method === 'GET' && MODELS_PATHS.has(path)) return handleModels(req, exchange, false);
    const gemini = req.method === 'POST' ? GEMINI_PATH.exec(path) : null;
    if (gemini)
      return handleChat(req, exchange, receivedAt, {
        model: decodeURIComponent(gemini[1]!),
        stream: gemini[2] === 'streamGenerateContent',
      });
    if (req.method === 'GET' && path === '/v1beta/models') return handleModels(req, exchange, true);
    sendError(
      res,
      404,
      `Unknown request URL: ${req.method ?? '?'} ${path}. (Simulated server.)`,
      'unknown_url',
    );
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.destroy();
      else sendError(res, 500, `Simulator failure: ${message}`, 'sim_failure');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/v1`,
    port,
    requests,
    script(...replies) {
      queue.push(...replies);
    },
    setHandler(next) {
      handler = next;
    },
    setModelsDelay(ms) {
      modelsDelayMs = ms;
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      handler = undefined;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
