import type { LlmSimulator, SimReply } from '../test/sim/llm/llm-simulator.js';

/**
 * Makes the simulator answer every request with `reply`, and stop recording requests: the simulator runs in
 * the benchmark's own process, and its request log would otherwise grow by the size of every prompt and
 * show up in the heap figures.
 * @param sim - the simulator
 * @param reply - the reply to every chat completion request, or a function of the request's index
 */
export function replyWith(sim: LlmSimulator, reply: SimReply | ((index: number) => SimReply)): void {
  let index = 0;
  sim.setHandler(() => {
    sim.requests.length = 0;
    return typeof reply === 'function' ? reply(index++) : reply;
  });
}
