import { isAppError } from '../errors/app-error.js';
import { storeUploads } from '../files/store-uploads.js';
import type { SessionStore, StoredFile } from '../sessions/session-store.js';
import type { ConversationFiles, FileInfo } from '../tools/conversation-files.js';

const infoOf = (f: StoredFile): FileInfo => ({
  id: f.id,
  name: f.name,
  size: f.size,
  mediaType: f.mediaType,
});

/**
 * The files of one session as the run's tools read them: by id (of this session only) or by name, the newest of
 * that name first, case-insensitively.
 */
export function conversationFiles(
  sessions: SessionStore,
  sessionId: string,
  maxPerSession: number,
): ConversationFiles {
  return {
    save: async (name, bytes) => {
      try {
        const [saved] = await storeUploads(sessions, sessionId, [{ name, bytes }], maxPerSession);
        return saved && infoOf(saved);
      } catch (error) {
        if (isAppError(error) && error.code === 'TOO_MANY_FILES') return undefined;
        throw error;
      }
    },
    list: async () => (await sessions.listFiles(sessionId)).map(infoOf),
    read: async (nameOrId) => {
      const wanted = nameOrId.trim();
      const byId = await sessions.getFile(wanted);
      if (byId && byId.file.sessionId === sessionId) return { info: infoOf(byId.file), bytes: byId.bytes };
      const files = await sessions.listFiles(sessionId);
      const named = files.reverse().find((f) => f.name.toLowerCase() === wanted.toLowerCase());
      const found = named && (await sessions.getFile(named.id));
      return found ? { info: infoOf(found.file), bytes: found.bytes } : undefined;
    },
  };
}
