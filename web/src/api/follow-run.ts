import type { ApiClient } from './api-client.js';
import { toApiError } from './api-client.js';
import { ApiError } from './api-error.js';
import type { RunEvent, RunEventBody } from './api-types.js';
import { parseSse } from './sse-parser.js';

const EVENT_TYPES: ReadonlySet<string> = new Set<RunEventBody['type']>([
  'queued',
  'run-start',
  'model-fallback',
  'tool-approval-request',
  'tool-approval-end',
  'step-start',
  'text-delta',
  'tool-call-start',
  'tool-call-end',
  'step-end',
  'usage',
  'error',
  'run-end',
]);

/** Options of {@link followRun}. */
export interface FollowRunOptions {
  /** Resume after this sequence number (the last event already seen); default 0, from the start. */
  readonly afterSeq?: number;
  /** Stops following (the run itself goes on; cancel it with the API). */
  readonly signal?: AbortSignal;
  /** Reconnect attempts in a row without a new event before giving up; default 6. */
  readonly maxRetries?: number;
}

/**
 * Follows a run's event stream until `run-end`. A dropped connection is resumed with `Last-Event-ID`, so no
 * event is lost or repeated; unknown event types (heartbeats) are skipped.
 * @throws ApiError when the run is unknown or the server stays unreachable
 */
export async function* followRun(
  api: ApiClient,
  runId: string,
  options: FollowRunOptions = {},
): AsyncGenerator<RunEvent> {
  const { signal } = options;
  let lastSeq = options.afterSeq ?? 0;
  let failures = 0;
  const maxRetries = options.maxRetries ?? 6;
  for (;;) {
    signal?.throwIfAborted();
    let response: Response | undefined;
    try {
      response = await fetch(api.url(`/runs/${encodeURIComponent(runId)}/events`), {
        headers: api.headers({
          Accept: 'text/event-stream',
          ...(lastSeq > 0 ? { 'Last-Event-ID': String(lastSeq) } : {}),
        }),
        ...(signal ? { signal } : {}),
      });
      if (!response.ok) throw await toApiError(response);
      if (!response.body) throw new ApiError(response.status, 'BAD_RESPONSE', 'The event stream is empty.');
      for await (const frame of parseSse(response.body, signal)) {
        if (!EVENT_TYPES.has(frame.event)) continue;
        const seq = Number(frame.id);
        if (Number.isFinite(seq) && seq <= lastSeq) continue;
        const data = safeParse(frame.data);
        const event = {
          ...data,
          type: frame.event,
          seq: Number.isFinite(seq) ? seq : lastSeq + 1,
        } as RunEvent;
        lastSeq = event.seq;
        failures = 0;
        yield event;
        if (event.type === 'run-end') return;
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      // A 4xx (unknown run, not yours) will not get better by asking again.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) throw error;
    }
    // The stream ended or broke before run-end: resume after the last event seen.
    failures += 1;
    if (failures > maxRetries)
      throw new ApiError(0, 'NETWORK', 'Lost the connection to the server while following the answer.');
    await sleep(Math.min(250 * 2 ** (failures - 1), 4000), signal);
  }
}

function safeParse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
