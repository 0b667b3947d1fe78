import { AnswerText } from '../../agent/answer-text.js';
import type { RunLog } from '../../runs/run-log.js';
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
  const minIntervalMs = 1000 / options.maxFps;
  const answer = new AnswerText();
  let lastFrameAt = -Infinity;
  let lastSent = '';
  let timer: NodeJS.Timeout | undefined;
  let errorMessage = 'The run failed.';

  const sendGenerating = () => {
    timer = undefined;
    if (answer.value === lastSent) return;
    lastSent = answer.value;
    lastFrameAt = performance.now();
    void writer.event('generating', [answer.value]);
  };

  try {
    for await (const event of run.follow(0, writer.signal)) {
      if (event.type === 'text-delta' && streaming) {
        answer.add(event.step, event.text);
        if (timer) continue;
        const wait = lastFrameAt + minIntervalMs - performance.now();
        if (wait <= 0) sendGenerating();
        else timer = setTimeout(sendGenerating, wait);
      } else if (event.type === 'error') {
        errorMessage = event.message;
      } else if (event.type === 'run-end') {
        clearTimeout(timer);
        timer = undefined;
        if (event.status === 'completed') await writer.event('complete', [event.text]);
        else await writer.event('error', [errorMessage]);
      }
    }
  } finally {
    clearTimeout(timer);
    await writer.end();
  }
}
