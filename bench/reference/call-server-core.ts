import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Streams an answer's text deltas for a question; ends when the answer is complete. */
export type AnswerSource = (question: string) => AsyncIterable<string>;

interface Run {
  text: string;
  done: boolean;
  failed: string | undefined;
  readers: Set<() => void>;
}

/**
 * The least a `/call` server can do, for the efficiency benchmark's references: `POST /call/ask_stream` starts the
 * answer at once and returns `{event_id}`; `GET /call/ask_stream/{event_id}` streams a cumulative `generating`
 * frame per delta, then `complete`. No queue, no auth, no history, no storage; `GET /healthz` answers `ok`.
 * @param source - where the text comes from (a raw fetch of the LLM, or the AI SDK)
 */
export async function startCallServer(source: AnswerSource): Promise<{ url: string; server: Server }> {
  const runs = new Map<string, Run>();
  const start = (question: string): string => {
    const id = randomBytes(16).toString('hex');
    const run: Run = { text: '', done: false, failed: undefined, readers: new Set() };
    runs.set(id, run);
    const wake = () => {
      for (const r of run.readers) r();
    };
    void (async () => {
      try {
        for await (const delta of source(question)) {
          run.text += delta;
          wake();
        }
      } catch (error) {
        run.failed = error instanceof Error ? error.message : String(error);
      }
      run.done = true;
      wake();
      // Kept briefly for a late reader, as a real server keeps ended runs.
      setTimeout(() => runs.delete(id), 30_000).unref();
    })();
    return id;
  };
  const stream = (run: Run, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = -1;
    const flush = () => {
      if (run.text.length !== sent && !run.done) {
        sent = run.text.length;
        res.write(`event: generating\ndata: ${JSON.stringify([run.text])}\n\n`);
      }
      if (!run.done) return;
      run.readers.delete(flush);
      res.end(
        run.failed === undefined
          ? `event: complete\ndata: ${JSON.stringify([run.text])}\n\n`
          : `event: error\ndata: ${JSON.stringify(run.failed)}\n\n`,
      );
    };
    run.readers.add(flush);
    res.once('close', () => run.readers.delete(flush));
    flush();
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/healthz') return void res.end('ok');
    if (req.method === 'POST' && url === '/call/ask_stream') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: [string] };
        const id = start(body.data[0]);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ event_id: id }));
      });
      return;
    }
    const match = /^\/call\/ask_stream\/([0-9a-f]+)$/.exec(url);
    const run = match && req.method === 'GET' ? runs.get(match[1]!) : undefined;
    if (run) return stream(run, res);
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
