import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from './sse-writer.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose one response is handed to `handle` as an SseWriter; resolves the client's response. */
async function stream(
  handle: (writer: SseWriter) => Promise<void>,
  heartbeatMs = 60_000,
): Promise<IncomingMessage> {
  server = createServer((_req, res) => {
    void handle(new SseWriter(res, { heartbeatMs, heartbeat: ': beat\n\n' }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) =>
    request({ port, host: '127.0.0.1', path: '/' }, resolve).on('error', reject).end(),
  );
}

async function readAll(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text;
}

describe('SseWriter', () => {
  it('a client that reads late still gets every frame, in order: writes wait for the socket to drain', async () => {
    const frame = (i: number) => `data: ${String(i).padStart(6, '0')}${'x'.repeat(4000)}\n\n`;
    let pendingSeen = false;
    const res = await stream(async (writer) => {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 4000; i++) {
        const p = writer.write(frame(i));
        writes.push(p);
        // A full socket shows as a write that is not settled on the next microtask.
        if (!pendingSeen) {
          let settled = false;
          void p.then(() => (settled = true));
          await Promise.resolve();
          if (!settled) pendingSeen = true;
        }
      }
      await Promise.all(writes);
      await writer.end();
    });
    // Read nothing for a while: the 16 MB do not fit the socket buffers.
    res.pause();
    await new Promise((r) => setTimeout(r, 200));
    const text = await readAll(res);
    expect(pendingSeen).toBe(true);
    const numbers = [...text.matchAll(/data: (\d{6})/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: 4000 }, (_, i) => i));
  });

  it('a heartbeat after each silence, and none while frames keep coming', async () => {
    const res = await stream(async (writer) => {
      for (let i = 0; i < 6; i++) {
        await writer.write(`data: ${i}\n\n`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 500));
      await writer.end();
    }, 150);
    const text = await readAll(res);
    const beats = text.split(': beat').length - 1;
    // Frames 20 ms apart keep it quiet; 500 ms of silence then gives one every 150 ms.
    expect(text.indexOf(': beat')).toBeGreaterThan(text.indexOf('data: 5'));
    expect(beats).toBeGreaterThanOrEqual(2);
  });
});
