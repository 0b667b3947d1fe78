/** One Server-Sent Events frame. */
export interface SseFrame {
  /** `id:` of the frame (or the last one seen before it), if any. */
  readonly id: string | undefined;
  /** `event:`; `message` when absent, as in EventSource. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
}

/**
 * Parses a byte stream of `text/event-stream` into frames, following the HTML standard's rules: `\r\n`, `\r`
 * or `\n` line ends, `:` comment lines, several `data:` lines per frame, one optional space after the colon.
 * Frames without data (heartbeats as bare comments) are skipped.
 */
export async function* parseSse(
  stream: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SseFrame> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  let buffer = '';
  let lastId: string | undefined;
  let event = '';
  let data: string[] = [];
  let sawData = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const frames: SseFrame[] = [];
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        // A lone '\r' at the end may be the first half of '\r\n': wait for more.
        if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (sawData) frames.push({ id: lastId, event: event || 'message', data: data.join('\n') });
          event = '';
          data = [];
          sawData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let fieldValue = colon === -1 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'data') {
          data.push(fieldValue);
          sawData = true;
        } else if (field === 'event') event = fieldValue;
        else if (field === 'id' && !fieldValue.includes('\0')) lastId = fieldValue;
      }
      yield* frames;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Also when the consumer stops early: closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}
