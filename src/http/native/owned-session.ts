import { AppError } from '../../errors/app-error.js';
import type { SessionStore, SessionSummary } from '../../sessions/session-store.js';

/**
 * The session `id` when `owner` owns it.
 * @throws AppError UNKNOWN_SESSION otherwise, also for another key's session (existence is not revealed)
 */
export async function ownedSession(
  sessions: SessionStore,
  id: string,
  owner: string,
): Promise<SessionSummary> {
  const session = await sessions.getSession(id);
  if (!session || session.ownerHash !== owner)
    throw new AppError('UNKNOWN_SESSION', `Unknown session "${id.slice(0, 64)}".`);
  return session;
}
