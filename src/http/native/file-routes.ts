import { randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { sanitizeFileName } from '../../files/sanitize-file-name.js';
import { storeUploads } from '../../files/store-uploads.js';
import type { SessionStore, StoredFile } from '../../sessions/session-store.js';
import { clientOwner } from './client-key.js';
import { ownedSession } from './owned-session.js';
import { parseInput } from './parse-input.js';
import { sessionParams } from './native-schemas.js';

/** Files one upload request may carry. */
const MAX_FILES_PER_REQUEST = 20;
const fileParams = z.object({ id: z.string().min(1).max(128) });

/** The wire form of a file's metadata. */
export function fileJson(f: StoredFile): {
  id: string;
  name: string;
  size: number;
  media_type: string;
  created_at: string;
} {
  return { id: f.id, name: f.name, size: f.size, media_type: f.mediaType, created_at: f.createdAt };
}

/**
 * Uploads into a conversation, for the owner of its client key: `POST /api/files` (multipart `file` parts, optional
 * `session_id` field; without one a new session is made), `GET /api/sessions/:id/files`, `GET /api/files/:id`
 * (the bytes, as an attachment), `DELETE /api/files/:id`. Names are sanitised, types sniffed from the bytes;
 * another key's files are unknown (404). A file over `UPLOAD_MAX_BYTES` is a 413 and nothing of the request is
 * stored; a conversation over `UPLOAD_MAX_FILES_PER_SESSION` files is a 409.
 */
export function registerFileRoutes(
  app: FastifyInstance,
  deps: { readonly config: Config; readonly sessions: SessionStore },
): void {
  const { config, sessions } = deps;

  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        fileSize: config.http.uploadMaxBytes,
        files: MAX_FILES_PER_REQUEST,
        fields: 10,
        fieldSize: 1024,
      },
      throwFileSizeLimit: true,
    });

    scope.post('/api/files', async (request, reply) => {
      const owner = clientOwner(request);
      if (!request.isMultipart())
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the files as multipart/form-data, each in a "file" part.',
        );
      const received: { name: string; bytes: Buffer }[] = [];
      let sessionId: string | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer();
            if (part.fieldname === 'file') received.push({ name: part.filename, bytes });
          } else if (
            part.fieldname === 'session_id' &&
            typeof part.value === 'string' &&
            part.value.trim() !== ''
          ) {
            sessionId = part.value.trim();
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError(
            'FILE_TOO_LARGE',
            `A file is larger than ${config.http.uploadMaxBytes} bytes (UPLOAD_MAX_BYTES); nothing was stored.`,
          );
        if ((error as { code?: string }).code === 'FST_FILES_LIMIT')
          throw new AppError('INVALID_BODY', `At most ${MAX_FILES_PER_REQUEST} files per request.`);
        // A body cut short or not multipart at all (the parser's own errors): the client's fault, said plainly.
        throw new AppError(
          'INVALID_BODY',
          `The multipart body could not be read: ${error instanceof Error ? error.message : String(error)}.`,
          { cause: error },
        );
      }
      if (received.length === 0)
        throw new AppError('INVALID_BODY', 'No "file" part: attach at least one file.');
      const session = await ownedOrNew(request, owner, sessionId, received[0]!.name);
      const files = await storeUploads(sessions, session, received, config.http.uploadMaxFilesPerSession);
      return reply.status(201).send({ session_id: session, files: files.map(fileJson) });
    });
  });

  /** The session to upload into: the caller's own, or a new one titled after the first file. */
  const ownedOrNew = async (
    request: FastifyRequest,
    owner: string,
    sessionId: string | undefined,
    firstName: string,
  ): Promise<string> => {
    if (sessionId !== undefined) return (await ownedSession(sessions, sessionId, owner)).id;
    const id = randomBytes(16).toString('hex');
    await sessions.createSession({
      id,
      ownerHash: owner,
      title: sanitizeFileName(firstName),
      createdAt: new Date().toISOString(),
    });
    request.log.debug({ sessionId: id }, 'session made for an upload');
    return id;
  };

  /** A file of the caller's, or UNKNOWN_FILE (another key's file is not told apart from none). */
  const ownedFile = async (request: FastifyRequest) => {
    const owner = clientOwner(request);
    const { id } = parseInput(fileParams, request.params, 'path');
    const found = await sessions.getFile(id);
    const session = found && (await sessions.getSession(found.file.sessionId));
    if (!found || session?.ownerHash !== owner)
      throw new AppError('UNKNOWN_FILE', `Unknown file "${id.slice(0, 64)}".`);
    return found;
  };

  app.get('/api/sessions/:id/files', async (request) => {
    const owner = clientOwner(request);
    const { id } = parseInput(sessionParams, request.params, 'path');
    await ownedSession(sessions, id, owner);
    return { files: (await sessions.listFiles(id)).map(fileJson) };
  });

  app.get('/api/files/:id', async (request, reply) => {
    const { file, bytes } = await ownedFile(request);
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });

  app.delete('/api/files/:id', async (request, reply) => {
    const { file } = await ownedFile(request);
    await sessions.deleteFile(file.id);
    return reply.status(204).send();
  });
}
