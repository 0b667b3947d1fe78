import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { SessionStore, StoredFile } from '../sessions/session-store.js';
import { sanitizeFileName } from './sanitize-file-name.js';
import { sniffMediaType } from './sniff-media-type.js';

/**
 * Stores uploaded files in an existing session: names sanitised, types sniffed from the bytes. All or none when the
 * session has room for all of them.
 * @param maxPerSession - UPLOAD_MAX_FILES_PER_SESSION
 * @throws AppError TOO_MANY_FILES (nothing stored) when the session would hold more
 */
export async function storeUploads(
  sessions: SessionStore,
  sessionId: string,
  uploads: readonly { readonly name: string; readonly bytes: Buffer }[],
  maxPerSession: number,
): Promise<StoredFile[]> {
  const held = (await sessions.listFiles(sessionId)).length;
  if (held + uploads.length > maxPerSession)
    throw new AppError(
      'TOO_MANY_FILES',
      `The conversation holds ${held} of at most ${maxPerSession} files (UPLOAD_MAX_FILES_PER_SESSION); nothing was stored.`,
    );
  const stored: StoredFile[] = [];
  for (const { name, bytes } of uploads) {
    const clean = sanitizeFileName(name);
    const file: StoredFile = {
      id: randomBytes(12).toString('hex'),
      sessionId,
      name: clean,
      size: bytes.length,
      mediaType: sniffMediaType(bytes, clean),
      createdAt: new Date().toISOString(),
    };
    if (!(await sessions.addFile(file, bytes, maxPerSession)))
      throw new AppError('TOO_MANY_FILES', 'The conversation is full (UPLOAD_MAX_FILES_PER_SESSION).');
    stored.push(file);
  }
  return stored;
}
