import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { isApiError } from '../api/api-error.js';
import type { UploadedFile } from '../api/api-types.js';
import { downloadBlob } from '../export/download-file.js';

/** A file on its way to the server, or refused by it. */
export interface PendingUpload {
  readonly key: string;
  readonly name: string;
  /** Share sent, 0–1. */
  readonly progress: number;
  /** Why the server refused it (its message). */
  readonly error?: string;
}

/** The open conversation's files, and the uploads under way. */
export interface ConversationFilesState {
  readonly files: readonly UploadedFile[];
  readonly uploads: readonly PendingUpload[];
  /** Uploads files into the open conversation (a new one when none is open). */
  readonly attach: (files: readonly File[]) => void;
  readonly remove: (fileId: string) => void;
  readonly dismiss: (key: string) => void;
  readonly download: (file: UploadedFile) => void;
  /** Reads the list again (after a run, for files it made). */
  readonly refresh: () => void;
}

let nextKey = 0;

/**
 * The files of the open conversation: listed when it opens, uploaded with progress, removed on request.
 * @param onSessionCreated - an upload with no conversation open made one: open it
 */
export function useConversationFiles(
  api: ApiClient,
  sessionId: string | undefined,
  onSessionCreated: (id: string) => void,
): ConversationFilesState {
  const [files, setFiles] = useState<readonly UploadedFile[]>([]);
  const [uploads, setUploads] = useState<readonly PendingUpload[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (sessionId === undefined) {
      setFiles([]);
      return;
    }
    const controller = new AbortController();
    api
      .listFiles(sessionId, controller.signal)
      .then(setFiles)
      .catch(() => {
        if (!controller.signal.aborted) setFiles([]);
      });
    return () => controller.abort();
  }, [api, sessionId, version]);

  const attach = useCallback(
    (chosen: readonly File[]) => {
      if (chosen.length === 0) return;
      const key = `upload-${nextKey++}`;
      const name = chosen.map((f) => f.name).join(', ');
      setUploads((list) => [...list, { key, name, progress: 0 }]);
      const update = (change: Partial<PendingUpload>) =>
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
      api
        .uploadFiles(chosen, sessionId, (progress) => update({ progress }))
        .then((result) => {
          setUploads((list) => list.filter((u) => u.key !== key));
          if (sessionId === undefined) onSessionCreated(result.session_id);
          else setFiles((list) => [...list, ...result.files]);
        })
        .catch((error: unknown) =>
          update({ error: isApiError(error) ? error.message : String(error), progress: 0 }),
        );
    },
    [api, sessionId, onSessionCreated],
  );

  const remove = useCallback(
    (fileId: string) => {
      setFiles((list) => list.filter((f) => f.id !== fileId));
      void api.deleteFile(fileId).catch(() => setVersion((v) => v + 1));
    },
    [api],
  );

  const download = useCallback(
    (file: UploadedFile) => {
      void api.downloadFile(file.id).then((blob) => downloadBlob(file.name, blob));
    },
    [api],
  );

  return {
    files,
    uploads,
    attach,
    remove,
    dismiss: (key) => setUploads((list) => list.filter((u) => u.key !== key)),
    download,
    refresh: () => setVersion((v) => v + 1),
  };
}
