import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { INTERRUPTED_MARKER } from '../agent/run-agent-turn.js';
import type { InterruptedRun } from '../sessions/run-record.js';
import type { SessionStore, StoredTurn } from '../sessions/session-store.js';

/**
 * The turn that takes the place of a run its process did not live to finish: the question, whatever answer was
 * recorded, marked interrupted. Its messages end with an assistant message carrying {@link INTERRUPTED_MARKER}, so the
 * next turn's model sees the question was asked and not answered, instead of a hole.
 */
export function interruptedTurn(run: InterruptedRun): StoredTurn {
  const partial = run.answer.trimEnd();
  const text = partial === '' ? INTERRUPTED_MARKER : `${partial}\n\n${INTERRUPTED_MARKER}`;
  return {
    id: randomUUID(),
    createdAt: run.startedAt,
    status: 'interrupted',
    question: run.question,
    answer: run.answer,
    messages: [
      { role: 'user', content: run.question },
      { role: 'assistant', content: [{ type: 'text', text }] },
    ],
    errorCode: 'SERVER_RESTARTED',
  };
}

/**
 * Closes the runs an earlier process left `running` (it was killed, crashed or lost power) before this one takes
 * requests: each becomes `interrupted`, and its conversation gets an {@link interruptedTurn}.
 * @returns how many runs were closed
 * @throws StartupError when the store cannot be reached (PostgreSQL)
 */
export async function recoverInterruptedRuns(sessions: SessionStore, logger: Logger): Promise<number> {
  const closed = await sessions.interruptRuns(new Date().toISOString(), interruptedTurn);
  if (closed.length > 0)
    logger.warn(
      { runs: closed.length, withSession: closed.filter((r) => r.sessionId !== undefined).length },
      'closed runs an earlier process left unfinished (stored as interrupted, SERVER_RESTARTED)',
    );
  return closed.length;
}
