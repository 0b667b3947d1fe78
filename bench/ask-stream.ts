import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import { benchAgent } from './bench-agent.js';

/** One `/call/ask_stream` exchange as the client saw it; times are ms from sending the POST. */
export interface AskStreamResult {
  /** Until the `{event_id}` answer of the POST arrived. */
  readonly postMs: number;
  /** Until the first `generating` frame arrived; undefined when none came. */
  readonly firstFrameMs: number | undefined;
  /** Until the event stream ended. */
  readonly totalMs: number;
  /** `generating` frames received. */
  readonly generatingFrames: number;
  /** Bytes of the SSE response body (all frames, heartbeats included). */
  readonly bodyBytes: number;
  /** The last frame's event (`complete`, `error`), or `http-<status>` when a request was refused. */
  readonly finalEvent: string;
  /** The text of the `complete` or `error` frame. */
  readonly finalText: string;
}

/**
 * Asks one question the Gradio two-step way: `POST /call/ask_stream`, and as soon as it answers
 * `GET /call/ask_stream/{event_id}`, read to the end of the event stream. Uses undici's `request` on
 * {@link benchAgent} (keep-alive), which costs the shared event loop less than `fetch`.
 * @param baseUrl - the server's `http://host:port`
 * @param question - `data[0]`
 * @param options.sessionHash - sent as `session_hash`
 * @param options.streamUrl - the base URL to read the stream from, when it is another instance of a cluster
 */
export async function askStream(
  baseUrl: string,
  question: string,
  options: { sessionHash?: string; streamUrl?: string } = {},
): Promise<AskStreamResult> {
  const started = performance.now();
  const post = await request(`${baseUrl}/call/ask_stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: [question],
      ...(options.sessionHash !== undefined ? { session_hash: options.sessionHash } : {}),
    }),
    dispatcher: benchAgent,
  });
  const answer = (await post.body.json()) as { event_id?: unknown };
  const postMs = performance.now() - started;
  if (post.statusCode !== 200 || typeof answer.event_id !== 'string') {
    return refused(`http-${post.statusCode}`, postMs, JSON.stringify(answer));
  }

  const response = await request(`${options.streamUrl ?? baseUrl}/call/ask_stream/${answer.event_id}`, {
    dispatcher: benchAgent,
  });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    return refused(`http-${response.statusCode}`, postMs, text, performance.now() - started);
  }
  let firstFrameMs: number | undefined;
  let generatingFrames = 0;
  let bodyBytes = 0;
  let finalEvent = 'none';
  let finalText = '';
  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'generating') {
        firstFrameMs ??= performance.now() - started;
        generatingFrames++;
      } else if (event.event === 'complete' || event.event === 'error') {
        finalEvent = event.event;
        finalText = String((JSON.parse(event.data) as unknown[])[0]);
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    bodyBytes += chunk.byteLength;
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return {
    postMs,
    firstFrameMs,
    totalMs: performance.now() - started,
    generatingFrames,
    bodyBytes,
    finalEvent,
    finalText,
  };
}

function refused(event: string, postMs: number, text: string, totalMs = postMs): AskStreamResult {
  return {
    postMs,
    firstFrameMs: undefined,
    totalMs,
    generatingFrames: 0,
    bodyBytes: 0,
    finalEvent: event,
    finalText: text,
  };
}
