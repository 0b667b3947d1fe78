import { describe, expect, it } from 'vitest';
import { parseSse, type SseFrame } from './sse-parser.js';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  for await (const frame of parseSse(stream)) frames.push(frame);
  return frames;
}

describe('parseSse', () => {
  it('reads id, event and data, across chunk boundaries', async () => {
    const frames = await collect(
      streamOf(
        'id: 1\nevent: text-de',
        'lta\ndata: {"text":"Hi"}\n',
        '\nid: 2\r\nevent: run-end\r\ndata: {}\r\n\r\n',
      ),
    );
    expect(frames).toEqual([
      { id: '1', event: 'text-delta', data: '{"text":"Hi"}' },
      { id: '2', event: 'run-end', data: '{}' },
    ]);
  });

  it('joins data lines, skips comments and frames without data, keeps the last id', async () => {
    const frames = await collect(streamOf(': ping\n\nid: 7\n\ndata: a\ndata:b\n\n'));
    expect(frames).toEqual([{ id: '7', event: 'message', data: 'a\nb' }]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: Привет\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8));
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    expect((await collect(stream))[0]?.data).toBe('Привет');
  });
});
