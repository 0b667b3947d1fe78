import { askStream, type AskStreamResult } from './ask-stream.js';

/**
 * One `/call/ask_stream` exchange on a server or a cluster of instances, as a load balancer without sticky
 * sessions would spread it: exchange `index` POSTs to instance `index mod n` and reads its stream from the next
 * instance, so with more than one instance every stream crosses instances.
 * @param instances - the base URLs of the instances (one for a single server)
 * @param index - the exchange's number
 * @param question - `data[0]`
 */
export function askAcross(
  instances: string | readonly string[],
  index: number,
  question: string,
): Promise<AskStreamResult> {
  const urls = typeof instances === 'string' ? [instances] : instances;
  const n = urls.length;
  return askStream(urls[index % n]!, question, { streamUrl: urls[(index + 1) % n]! });
}
