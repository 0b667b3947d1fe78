import { AnswerText } from '../../agent/answer-text.js';
import type { RunLog } from '../../runs/run-log.js';
import { FrameThrottle } from '../frame-throttle.js';
import type { SseWriter } from '../sse-writer.js';

/**
 * The Gradio `/call` view of a run log: for `ask_stream`, `generating` frames with the cumulative answer,
 * coalesced to at most `maxFps` per second; then `complete` with the exact final answer, or `error` with a
 * clear message. For `ask`, only the `complete` (or `error`) frame. Replays from the start for late readers.
 */
export async function writeCallStream(
  run: RunLog,
  writer: SseWriter,
  options: { maxFps: number },
): Promise<void> {
  const streaming = run.api === 'ask_stream';
  const answer = new AnswerText();
  let lastSent = '';
  let errorMessage = 'The run failed.';

  const throttle = new FrameThrottle(options.maxFps, () => {
    if (answer.value === lastSent) return false;
    lastSent = answer.value;
    void writer.event('generating', [answer.value]);
    return true;
  });

  try {
    for await (const event of run.follow(0, writer.signal)) {
      if (event.type === 'text-delta' && streaming) {
        answer.add(event.step, event.text);
        throttle.request();
      } else if (event.type === 'error') {
        errorMessage = event.message;
      } else if (event.type === 'run-end') {
        throttle.cancel();
        if (event.status === 'completed') await writer.event('complete', [event.text]);
        else await writer.event('error', [errorMessage]);
      }
    }
  } finally {
    throttle.cancel();
    await writer.end();
  }
}
