import { AnswerText } from '../../agent/answer-text.js';
import { isAppError } from '../../errors/app-error.js';
import type { RunStream } from '../../runs/run-stream.js';
import { FrameThrottle } from '../frame-throttle.js';
import type { SseWriter } from '../sse-writer.js';

/**
 * The Gradio `/call` view of a run log: for `ask_stream`, `generating` frames with the cumulative answer,
 * coalesced to at most `maxFps` per second; then `complete` with the exact final answer, or `error` with a
 * clear message. For `ask`, only the `complete` (or `error`) frame, as Gradio sends for a function that is not a
 * generator. Replays from the start for late readers.
 *
 * Coalescing never hides the end: the last `generating` frame always holds the final answer (or, when the run
 * failed, the last partial text), flushed before `complete` / `error`. Gradio sends every yield of a generator
 * as `generating` and `complete` repeats the last one (gradio 5.49.1 `routes.py`, `simple_predict_get`:
 * `process_generating` → `generating`, `process_completed` → `complete`), so a client that keeps only the
 * `generating` values ends on the whole answer too.
 *
 * A cancelled run can only be one the server stopped while shutting down (`/call` jobs have no cancel here), so
 * it ends with `error`, as Gradio's "Server stopped unexpectedly." does.
 */
export async function writeCallStream(
  run: RunStream,
  writer: SseWriter,
  options: { maxFps: number },
): Promise<void> {
  const streaming = run.api === 'ask_stream';
  const answer = new AnswerText();
  let lastSent: string | undefined;
  let errorMessage = 'The run failed.';

  const sendGenerating = (value: string) => {
    if (value === lastSent) return false;
    lastSent = value;
    void writer.event('generating', [value]);
    return true;
  };
  const throttle = new FrameThrottle(options.maxFps, () => sendGenerating(answer.value));

  try {
    for await (const event of run.follow(0, writer.signal)) {
      if (event.type === 'text-delta' && streaming) {
        answer.add(event.step, event.text);
        throttle.request();
      } else if (event.type === 'error') {
        errorMessage = event.message;
      } else if (event.type === 'run-end') {
        throttle.cancel();
        if (streaming) {
          // The final value as a generating frame, whatever the throttle held back.
          if (event.status === 'completed') sendGenerating(event.text);
          else if (answer.value !== '') sendGenerating(answer.value);
        }
        if (event.status === 'completed') await writer.event('complete', [event.text]);
        else await writer.event('error', [errorMessage]);
      }
    }
  } catch (error) {
    // The shared stream failed under the reader (clustered mode, Redis down): end with an error, never hang.
    if (!isAppError(error)) throw error;
    throttle.cancel();
    await writer.event('error', [error.message]);
  } finally {
    throttle.cancel();
    await writer.end();
  }
}
