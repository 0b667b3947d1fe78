import { createParser } from 'eventsource-parser';

/** One SSE frame as a client sees it. */
export interface Frame {
  event: string;
  data: unknown;
  at: number;
}

/** POSTs a `/call` request and returns the HTTP status and parsed JSON body. */
export async function postCall(
  baseUrl: string,
  api: string,
  body: unknown,
  options: { prefix?: string; raw?: string; contentType?: string } = {},
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}${options.prefix ?? ''}/call/${api}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json' },
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/**
 * Reads `GET /call/{api}/{eventId}` to the end (or until `signal`), returning every frame.
 * @param options.onFrame - called as each frame arrives
 */
export async function readCallStream(
  baseUrl: string,
  api: string,
  eventId: string,
  options: {
    prefix?: string;
    signal?: AbortSignal;
    onFrame?: (frame: Frame) => void;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; contentType: string | null; frames: Frame[] }> {
  const response = await fetch(`${baseUrl}${options.prefix ?? ''}/call/${api}/${eventId}`, {
    signal: options.signal ?? null,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const frames: Frame[] = [];
  if (!response.ok || !response.body) {
    const json: unknown = await response.json().catch(() => undefined);
    frames.push({ event: 'http-error', data: json, at: Date.now() });
    return { status: response.status, contentType: response.headers.get('content-type'), frames };
  }
  const parser = createParser({
    onEvent: (e) => {
      const frame = { event: e.event ?? 'message', data: JSON.parse(e.data) as unknown, at: Date.now() };
      frames.push(frame);
      options.onFrame?.(frame);
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body)
      parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), frames };
}

/** POST then GET: the whole two-step exchange. */
export async function ask(
  baseUrl: string,
  data: string[],
  options: { api?: string; sessionHash?: string; prefix?: string } = {},
): Promise<{ eventId: string; frames: Frame[]; final: Frame }> {
  const api = options.api ?? 'ask_stream';
  const post = await postCall(
    baseUrl,
    api,
    { data, ...(options.sessionHash ? { session_hash: options.sessionHash } : {}) },
    { prefix: options.prefix ?? '' },
  );
  if (post.status !== 200) throw new Error(`POST failed: ${post.status} ${JSON.stringify(post.json)}`);
  const eventId = (post.json as { event_id: string }).event_id;
  const { frames } = await readCallStream(baseUrl, api, eventId, { prefix: options.prefix ?? '' });
  const final = frames.filter((f) => f.event !== 'heartbeat').at(-1)!;
  return { eventId, frames, final };
}
