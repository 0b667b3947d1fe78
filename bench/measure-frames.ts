import type { LlmSimulator } from '../test/sim/llm/llm-simulator.js';
import { askStream } from './ask-stream.js';
import { realisticAnswerChunks } from './bench-answers.js';
import { percentile } from './percentile.js';
import { replyWith } from './reply-with.js';

/** What one answer costs on the wire, the median of several answers. */
export interface FramesResult {
  readonly answerChars: number;
  readonly chunks: number;
  readonly chunkDelayMs: number;
  readonly generatingFrames: number;
  /** Bytes of the whole SSE body: every `generating` frame repeats the answer so far, then `complete`. */
  readonly bodyBytes: number;
  /** POST sent → end of the stream. */
  readonly totalMs: number;
}

/**
 * Frames and bytes per answer: the simulator streams `chars` characters as `chunks` content chunks
 * `chunkDelayMs` apart, and the client counts the `generating` frames and body bytes it gets.
 * @param serverUrl - the server's base URL
 * @param sim - the simulator the server talks to; its handler is replaced
 */
export async function measureFrames(
  serverUrl: string,
  sim: LlmSimulator,
  options: { chars: number; chunks: number; chunkDelayMs: number; answers: number },
): Promise<FramesResult> {
  const text = realisticAnswerChunks(options.chars, options.chunks);
  replyWith(sim, { text, chunkDelayMs: options.chunkDelayMs });
  const frames: number[] = [];
  const bytes: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < options.answers; i++) {
    const run = await askStream(serverUrl, `Tell me about the platform (${i}).`);
    if (run.finalEvent !== 'complete' || run.finalText !== text.join(''))
      throw new Error(`answer ${i} ended with ${run.finalEvent}`);
    frames.push(run.generatingFrames);
    bytes.push(run.bodyBytes);
    times.push(run.totalMs);
  }
  return {
    answerChars: options.chars,
    chunks: options.chunks,
    chunkDelayMs: options.chunkDelayMs,
    generatingFrames: percentile(frames, 50),
    bodyBytes: percentile(bytes, 50),
    totalMs: percentile(times, 50),
  };
}
