const LF = 0x0a;
const encoder = new TextEncoder();

/**
 * A chat-completions event stream in which the plain text deltas that arrived together are merged: when one read
 * of the response holds several complete `data:` events that carry only `choices[0].delta.content` (no tool call,
 * no finish reason, no usage), they are passed on as one event with the texts joined. Everything else — events
 * that arrive one at a time, tool calls, the finish and usage events, comments, anything that is not such JSON —
 * passes byte for byte, and nothing is ever held back waiting for more. The text the model wrote is unchanged;
 * only the pieces are fewer, so every layer above (the AI SDK's stream pipeline, the run log, the views) handles
 * one delta where the provider's packet held many.
 * @param response - the provider's response; returned as it is unless it is an event stream
 */
export function coalesceSse(response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !type.includes('text/event-stream')) return response;
  const reader = response.body.getReader();
  let midEvent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const read = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (read.done) return controller.close();
      const { out, endsMidEvent } = mergeRead(read.value!, midEvent);
      midEvent = endsMidEvent;
      controller.enqueue(out);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** One read: the bytes to pass on, and whether they end inside an event. */
function mergeRead(value: Uint8Array, midEvent: boolean): { out: Uint8Array; endsMidEvent: boolean } {
  const last = lastBoundary(value);
  const endsMidEvent = last < 0 ? midEvent || value.length > 0 : last + 2 < value.length;
  if (last < 0) return { out: value, endsMidEvent };
  // The events whole in this read: from the first boundary when it began inside one, to the last boundary.
  const start = midEvent ? firstBoundary(value) + 2 : 0;
  const end = last + 2;
  if (end - start < 4) return { out: value, endsMidEvent };
  const merged = mergeEvents(new TextDecoder().decode(value.subarray(start, end)));
  if (merged === undefined) return { out: value, endsMidEvent };
  const middle = encoder.encode(merged);
  const out = new Uint8Array(start + middle.length + (value.length - end));
  out.set(value.subarray(0, start), 0);
  out.set(middle, start);
  out.set(value.subarray(end), start + middle.length);
  return { out, endsMidEvent };
}

/** Whole events (each ending in a blank line) with runs of text-only deltas merged; undefined when none merged. */
function mergeEvents(text: string): string | undefined {
  const events = text.split('\n\n');
  events.pop(); // the empty string after the last boundary
  if (events.length < 2) return undefined;
  const out: string[] = [];
  let run: { chunk: ContentChunk; count: number; raw: string } | undefined;
  let mergedAny = false;
  const flush = () => {
    if (!run) return;
    out.push(run.count > 1 ? `data: ${JSON.stringify(run.chunk)}` : run.raw);
    if (run.count > 1) mergedAny = true;
    run = undefined;
  };
  for (const event of events) {
    const chunk = contentChunk(event);
    if (chunk === undefined) {
      flush();
      out.push(event);
    } else if (run) {
      run.chunk.choices[0].delta.content += chunk.choices[0].delta.content;
      run.count++;
    } else {
      run = { chunk, count: 1, raw: event };
    }
  }
  flush();
  return mergedAny ? `${out.join('\n\n')}\n\n` : undefined;
}

interface ContentChunk {
  choices: [{ index?: number; delta: { content: string; role?: string } }];
  [key: string]: unknown;
}

/** The event's JSON when it is one `data:` line carrying only a text delta, else undefined. */
function contentChunk(event: string): ContentChunk | undefined {
  if (!event.startsWith('data: {') || event.includes('\n')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.slice(6));
  } catch {
    return undefined;
  }
  const chunk = parsed as { choices?: unknown; usage?: unknown };
  if (chunk.usage != null || !Array.isArray(chunk.choices) || chunk.choices.length !== 1) return undefined;
  const choice = chunk.choices[0] as {
    delta?: unknown;
    finish_reason?: unknown;
    logprobs?: unknown;
    index?: unknown;
  };
  if (choice.finish_reason != null || choice.logprobs != null) return undefined;
  if (choice.index !== undefined && choice.index !== 0) return undefined;
  const delta = choice.delta as Record<string, unknown> | undefined;
  if (typeof delta !== 'object' || delta === null || typeof delta.content !== 'string') return undefined;
  // Other members only when empty (OpenRouter sends `reasoning: null, reasoning_details: []` with every delta).
  for (const [key, value] of Object.entries(delta))
    if (
      key !== 'content' &&
      key !== 'role' &&
      value !== null &&
      !(Array.isArray(value) && value.length === 0)
    )
      return undefined;
  return parsed as ContentChunk;
}

function firstBoundary(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === LF && bytes[i + 1] === LF) return i;
  return -1;
}

function lastBoundary(bytes: Uint8Array): number {
  for (let i = bytes.length - 2; i >= 0; i--) if (bytes[i] === LF && bytes[i + 1] === LF) return i;
  return -1;
}
