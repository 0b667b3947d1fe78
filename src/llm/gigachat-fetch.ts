import { randomUUID } from 'node:crypto';
import { Agent, fetch as undiciFetch } from 'undici';
import { fromGigaChatResponse, toGigaChatRequest } from './gigachat-wire.js';

/** How to get GigaChat's access tokens. */
export interface GigaChatAuth {
  /** The authorization key (Base64 of client id and secret): GIGACHAT_API_KEY, or a client's own. */
  readonly key: string;
  /** GIGACHAT_SCOPE: GIGACHAT_API_PERS, GIGACHAT_API_B2B or GIGACHAT_API_CORP. */
  readonly scope: string;
  /** GIGACHAT_AUTH_URL: the OAuth endpoint that issues access tokens. */
  readonly authUrl: string;
  /** GIGACHAT_VERIFY_SSL: false accepts any TLS certificate (GigaChat's hosts use a Russian CA Node does not ship). */
  readonly verifySsl: boolean;
  /** GIGACHAT_TIMEOUT: longest wait for an access token. */
  readonly tokenTimeoutMs: number;
}

/** A token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/**
 * A `fetch` for the AI SDK's OpenAI-compatible provider that speaks GigaChat: it gets an access token with the
 * authorization key (OAuth, `RqUID`, cached until shortly before it expires) and sends it as the bearer, translates
 * the request's function calling (see {@link toGigaChatRequest}) and the answer back (JSON or event stream). A
 * refused token request is answered as the refusal itself, so the provider reports it like any HTTP error.
 */
export function gigachatFetch(auth: GigaChatAuth): typeof fetch {
  const dispatcher = auth.verifySsl ? undefined : new Agent({ connect: { rejectUnauthorized: false } });
  const send = (url: string, init: RequestInit): Promise<Response> =>
    undiciFetch(url, {
      ...(init as object),
      ...(dispatcher ? { dispatcher } : {}),
    });
  let token: { value: string; renewAt: number } | undefined;
  let pending: Promise<string | Response> | undefined;

  const accessToken = (signal: AbortSignal | null | undefined): Promise<string | Response> => {
    if (token && Date.now() < token.renewAt) return Promise.resolve(token.value);
    pending ??= (async () => {
      const response = await send(auth.authUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${auth.key}`,
          rqUID: randomUUID(),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ scope: auth.scope }).toString(),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(auth.tokenTimeoutMs)])
          : AbortSignal.timeout(auth.tokenTimeoutMs),
      });
      if (!response.ok) return response;
      const body = (await response.json()) as { access_token?: unknown; expires_at?: unknown };
      if (typeof body.access_token !== 'string') throw new Error('GigaChat issued no access token');
      const expiresAt = typeof body.expires_at === 'number' ? body.expires_at : Date.now() + 25 * 60_000;
      token = { value: body.access_token, renewAt: expiresAt - RENEW_BEFORE_MS };
      return body.access_token;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const bearer = await accessToken(init.signal);
    if (typeof bearer !== 'string') return bearer;
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${bearer}`);
    const chat = url.endsWith('/chat/completions');
    const body =
      chat && typeof init.body === 'string'
        ? JSON.stringify(toGigaChatRequest(JSON.parse(init.body) as Record<string, unknown>))
        : init.body;
    const response = await send(url, { ...init, headers, ...(body !== undefined ? { body } : {}) });
    if (!chat || !response.ok || response.body === null) return response;
    const rewritten = (response.headers.get('content-type') ?? '').includes('text/event-stream')
      ? response.body
          .pipeThrough(new TextDecoderStream())
          .pipeThrough(rewriteEvents())
          .pipeThrough(new TextEncoderStream())
      : JSON.stringify(fromGigaChatResponse((await response.json()) as Record<string, unknown>));
    const rewrittenHeaders = new Headers(response.headers);
    rewrittenHeaders.delete('content-length');
    rewrittenHeaders.delete('content-encoding');
    return new Response(rewritten, { status: response.status, headers: rewrittenHeaders });
  };
}

/** Rewrites each `data:` JSON event of a stream into OpenAI's form, event by event. */
function rewriteEvents(): TransformStream<string, string> {
  let buffer = '';
  const rewrite = (event: string) =>
    event
      .split('\n')
      .map((line) => {
        const data = line.startsWith('data:') ? line.slice(5).trim() : undefined;
        if (data === undefined || data === '[DONE]' || data === '') return line;
        try {
          return `data: ${JSON.stringify(fromGigaChatResponse(JSON.parse(data) as Record<string, unknown>))}`;
        } catch {
          return line;
        }
      })
      .join('\n');
  return new TransformStream({
    transform(chunk, controller) {
      buffer += chunk.replace(/\r\n/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        controller.enqueue(`${rewrite(buffer.slice(0, end))}\n\n`);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    },
    flush(controller) {
      if (buffer !== '') controller.enqueue(rewrite(buffer));
    },
  });
}
