import type { Logger } from 'pino';
import { AnswerText } from '../agent/answer-text.js';
import type { SessionStore } from '../sessions/session-store.js';
import { interruptedTurn } from './recover-interrupted-runs.js';
import type { RunCluster } from './redis/run-cluster.js';
import type { RunObserver } from './run-observer.js';

/** What readers of a run whose instance died are told. */
export const INSTANCE_LOST_MESSAGE =
  'The server instance running this answer stopped (it crashed or lost its connection); ask again.';

/**
 * Closes the runs of instances that died (clustered mode): every run whose lease expired is claimed by exactly one
 * instance, which appends `error` (INSTANCE_LOST) and `run-end` to the run's stream — so readers on any instance see
 * the end — and stores the question with the partial answer streamed so far as an interrupted turn, closing the run
 * record in the same transaction.
 * @returns how many runs were closed
 * @throws AppError BACKEND_UNAVAILABLE when Redis fails
 */
export async function closeLostRuns(deps: {
  cluster: RunCluster;
  sessions: SessionStore;
  observer: RunObserver | undefined;
  logger: Logger;
}): Promise<number> {
  const { cluster, sessions, observer, logger } = deps;
  const lost = await cluster.claimExpired(Date.now());
  let closed = 0;
  for (const record of lost) {
    const stream = await cluster.streams.open(record.runId);
    const answer = new AnswerText();
    if (stream) {
      for (const event of await stream.snapshot())
        if (event.type === 'text-delta') answer.add(event.step, event.text);
      const error = await stream.append({
        type: 'error',
        code: 'INSTANCE_LOST',
        message: INSTANCE_LOST_MESSAGE,
      });
      // Ended already: its instance died after the end, with the turn saved (or after it failed to save one).
      if (!error) continue;
      observer?.onEvent(error, stream);
      const end = await stream.append({ type: 'run-end', status: 'failed', text: answer.value });
      if (end) observer?.onEvent(end, stream);
    }
    try {
      if (record.sessionId !== undefined)
        await sessions.appendTurn(
          record.sessionId,
          {
            ...interruptedTurn({ ...record, sessionId: record.sessionId, answer: answer.value }),
            errorCode: 'INSTANCE_LOST',
          },
          record.ownerHash,
          record.runId,
        );
      else await sessions.recordRunEnd(record.runId, 'failed');
    } catch (error) {
      logger.error({ err: error, runId: record.runId }, 'could not store the turn of a lost run');
    }
    closed++;
    logger.warn({ runId: record.runId }, 'closed a run whose instance was lost (INSTANCE_LOST)');
  }
  return closed;
}
