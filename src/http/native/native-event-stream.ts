import { isAppError } from '../../errors/app-error.js';
import type { RunStream } from '../../runs/run-stream.js';
import type { SseWriter } from '../sse-writer.js';

/**
 * The native view of a run: every event after `afterSeq` as `id: <seq>`, `event: <type>`, `data: <the event as
 * JSON>`, replayed and then followed live until `run-end`. Nothing is coalesced; each frame waits for the socket
 * (the writer's backpressure), so a slow reader holds back only itself.
 */
export async function writeNativeStream(run: RunStream, writer: SseWriter, afterSeq: number): Promise<void> {
  try {
    for await (const event of run.follow(afterSeq, writer.signal)) {
      await writer.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  } catch (error) {
    // The shared stream failed under the reader (clustered mode, Redis down): an `error` event without an id (it is
    // not part of the run's log; a reconnect resumes from the last id seen), then the end, never a hang.
    if (!isAppError(error)) throw error;
    const { code, message } = error;
    await writer.write(`event: error\ndata: ${JSON.stringify({ type: 'error', code, message })}\n\n`);
  } finally {
    await writer.end();
  }
}
