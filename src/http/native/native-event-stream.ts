import type { RunLog } from '../../runs/run-log.js';
import type { SseWriter } from '../sse-writer.js';

/**
 * The native view of a run: every event after `afterSeq` as `id: <seq>`, `event: <type>`, `data: <the event as
 * JSON>`, replayed and then followed live until `run-end`. Nothing is coalesced; each frame waits for the socket
 * (the writer's backpressure), so a slow reader holds back only itself.
 */
export async function writeNativeStream(run: RunLog, writer: SseWriter, afterSeq: number): Promise<void> {
  try {
    for await (const event of run.follow(afterSeq, writer.signal)) {
      await writer.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  } finally {
    await writer.end();
  }
}
