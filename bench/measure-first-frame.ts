import type { LlmSimulator } from '../test/sim/llm/llm-simulator.js';
import { askAcross } from './ask-across.js';
import { SHORT_ANSWER } from './bench-answers.js';
import { replyWith } from './reply-with.js';
import { simFirstChunkMs } from './sim-first-chunk-ms.js';

/** Samples of {@link measureFirstFrame}, in ms. */
export interface FirstFrameSamples {
  /** POST sent → first `generating` frame, through the server. */
  readonly ours: number[];
  /** POST sent → first content chunk, straight to the simulator. */
  readonly sim: number[];
  /** POST sent → `{event_id}` answer. */
  readonly post: number[];
}

/**
 * Added first-frame latency: sequential short answers, alternating one request through the server (POST,
 * then GET at once, until the first `generating` frame) and one straight to the simulator (until the
 * first content chunk), after `warmup` unmeasured pairs.
 * @param serverUrl - the server's base URL, or the instances of a cluster (see {@link askAcross})
 * @param sim - the simulator the server talks to; its handler is replaced
 */
export async function measureFirstFrame(
  serverUrl: string | readonly string[],
  sim: LlmSimulator,
  options: { samples: number; warmup: number },
): Promise<FirstFrameSamples> {
  replyWith(sim, { text: SHORT_ANSWER });
  const result: FirstFrameSamples = { ours: [], sim: [], post: [] };
  for (let i = 0; i < options.warmup + options.samples; i++) {
    const question = `Question ${i}: say hello.`;
    const direct = await simFirstChunkMs(sim.url, question);
    const run = await askAcross(serverUrl, i, question);
    if (run.finalEvent !== 'complete' || run.firstFrameMs === undefined)
      throw new Error(`run ${i} ended with ${run.finalEvent}: ${run.finalText}`);
    if (i < options.warmup) continue;
    result.sim.push(direct);
    result.ours.push(run.firstFrameMs);
    result.post.push(run.postMs);
  }
  return result;
}
