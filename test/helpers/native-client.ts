import { randomBytes } from 'node:crypto';
import { createParser } from 'eventsource-parser';

/** A fresh client key as the browser makes one (43 characters of base64url). */
export const newClientKey = (): string => randomBytes(32).toString('base64url');

/** The `data:` of a native event: a run event as JSON. */
export interface WireData {
  type: string;
  seq: number;
  [field: string]: unknown;
}

/** A native event as a client receives it: the parsed `data`, plus the frame's `id:` and `event:` lines. */
export interface WireEvent {
  id: string | undefined;
  event: string | undefined;
  data: WireData;
}

/** Calls a native JSON route; `key` null sends no `X-Client-Key`. */
export async function api(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  options: { raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any }> {
  const hasBody = body !== undefined || options.raw !== undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(key !== null ? { 'x-client-key': key } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.raw ?? JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, json };
}

/** `POST /api/runs`, expecting 202. */
export async function startRun(
  baseUrl: string,
  key: string,
  body: Record<string, unknown>,
): Promise<{ run_id: string; session_id: string }> {
  const r = await api(baseUrl, key, 'POST', '/api/runs', body);
  if (r.status !== 202) throw new Error(`POST /api/runs answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json as { run_id: string; session_id: string };
}

/**
 * Reads `GET /api/runs/:id/events` until the server ends it, `signal` aborts, or `stopAfter` returns true for
 * an event (the connection is then dropped, as a network failure would).
 */
export async function readEvents(
  baseUrl: string,
  key: string,
  runId: string,
  options: {
    lastEventId?: string;
    query?: string;
    stopAfter?: (event: WireEvent, all: WireEvent[]) => boolean;
  } = {},
): Promise<{
  status: number;
  contentType: string | null;
  events: WireEvent[];
  comments: string[];
  json?: any;
}> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/runs/${runId}/events${options.query ?? ''}`, {
    headers: {
      'x-client-key': key,
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const events: WireEvent[] = [];
  const comments: string[] = [];
  const contentType = response.headers.get('content-type');
  if (!response.ok || !response.body) {
    return { status: response.status, contentType, events, comments, json: await response.json() };
  }
  const parser = createParser({
    onEvent: (e) => {
      if (controller.signal.aborted) return;
      const event = { id: e.id, event: e.event, data: JSON.parse(e.data) as WireData };
      events.push(event);
      if (options.stopAfter?.(event, events)) controller.abort();
    },
    onComment: (c) => comments.push(c),
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body)
      parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return { status: response.status, contentType, events, comments };
}

/** The ids of a list of sessions (or anything with ids). */
export const idsOf = (list: unknown): string[] => (list as { id: string }[]).map((x) => x.id);
