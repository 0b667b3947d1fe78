import { ApiError } from './api-error.js';
import type {
  ServerConfig,
  SessionDetail,
  SessionSummary,
  StartRunRequest,
  StartRunResponse,
  UploadedFile,
} from './api-types.js';

/** The part of XMLHttpRequest an upload uses (this file also compiles where the DOM's types are not loaded). */
interface UploadRequest {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  readonly upload: {
    onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
  };
  onerror: (() => void) | null;
  onload: (() => void) | null;
  readonly status: number;
  readonly responseText: string;
}

/** Where the API lives and who the page is. */
export interface ApiClientOptions {
  /** `X-Client-Key`: owns the sessions. */
  readonly clientKey: string;
  /** A server API key (`Authorization: Bearer`), for servers started with `API_KEYS`. */
  readonly apiKey?: () => string | undefined;
  /** Origin-relative base of the API; default `/api`. */
  readonly base?: string;
}

/** The native run API over `fetch`. Every call sends `X-Client-Key`; failures throw {@link ApiError}. */
export class ApiClient {
  readonly #options: ApiClientOptions;
  readonly #base: string;

  constructor(options: ApiClientOptions) {
    this.#options = options;
    this.#base = options.base ?? '/api';
  }

  /** Headers every request carries. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { 'X-Client-Key': this.#options.clientKey, ...extra };
    const apiKey = this.#options.apiKey?.();
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    return headers;
  }

  /** Absolute path of an API route. */
  url(path: string): string {
    return `${this.#base}${path}`;
  }

  /** `GET /api/config`: provider, default model, the models on offer, readiness. */
  getConfig(signal?: AbortSignal): Promise<ServerConfig> {
    return this.#json<ServerConfig>('GET', '/config', undefined, signal);
  }

  /**
   * `POST /api/runs`: starts a run (and a session when none is given).
   * @param llmKey - the person's own LLM key for this run (`X-LLM-API-Key`), when the server allows one
   */
  startRun(body: StartRunRequest, llmKey?: string): Promise<StartRunResponse> {
    return this.#json<StartRunResponse>(
      'POST',
      '/runs',
      body,
      undefined,
      llmKey ? { 'X-LLM-API-Key': llmKey } : {},
    );
  }

  /** `POST /api/runs/:id/approvals/:approvalId`: the person's decision on a held tool call. */
  async decideApproval(runId: string, approvalId: string, approved: boolean, reason?: string): Promise<void> {
    await this.#json<unknown>(
      'POST',
      `/runs/${encodeURIComponent(runId)}/approvals/${encodeURIComponent(approvalId)}`,
      { approved, ...(reason ? { reason } : {}) },
    );
  }

  /**
   * `POST /api/files`: uploads files into a conversation (a new one without `sessionId`), telling `onProgress` the
   * share sent so far (0–1). XMLHttpRequest, because fetch cannot report upload progress.
   * @throws ApiError with the server's code (FILE_TOO_LARGE, TOO_MANY_FILES…), or NETWORK
   */
  uploadFiles(
    files: readonly File[],
    sessionId: string | undefined,
    onProgress?: (fraction: number) => void,
  ): Promise<{ session_id: string; files: UploadedFile[] }> {
    const form = new FormData();
    if (sessionId) form.append('session_id', sessionId);
    for (const file of files) form.append('file', file, file.name);
    return new Promise((resolve, reject) => {
      const xhr = new (globalThis as unknown as { XMLHttpRequest: new () => UploadRequest }).XMLHttpRequest();
      xhr.open('POST', this.url('/files'));
      for (const [name, value] of Object.entries(this.headers())) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event: { lengthComputable: boolean; loaded: number; total: number }) => {
        if (event.lengthComputable) onProgress?.(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload did not reach the server.'));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status === 201) resolve(body as { session_id: string; files: UploadedFile[] });
        else {
          const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
          reject(
            new ApiError(xhr.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${xhr.status}`),
          );
        }
      };
      xhr.send(form);
    });
  }

  /** `GET /api/sessions/:id/files`. */
  async listFiles(sessionId: string, signal?: AbortSignal): Promise<UploadedFile[]> {
    const body = await this.#json<{ files: UploadedFile[] }>(
      'GET',
      `/sessions/${encodeURIComponent(sessionId)}/files`,
      undefined,
      signal,
    );
    return body.files;
  }

  /** `GET /api/files/:id`: the file's bytes. */
  async downloadFile(fileId: string): Promise<Blob> {
    const response = await fetch(this.url(`/files/${encodeURIComponent(fileId)}`), {
      headers: this.headers(),
    });
    if (!response.ok) throw new ApiError(response.status, 'HTTP_ERROR', `HTTP ${response.status}`);
    return response.blob();
  }

  /** `DELETE /api/files/:id`. */
  async deleteFile(fileId: string): Promise<void> {
    await this.#json<unknown>('DELETE', `/files/${encodeURIComponent(fileId)}`);
  }

  /** `POST /api/runs/:id/cancel`. */
  async cancelRun(runId: string): Promise<void> {
    await this.#json<unknown>('POST', `/runs/${encodeURIComponent(runId)}/cancel`, {});
  }

  /** `GET /api/sessions`, newest first as the server orders them. */
  async listSessions(signal?: AbortSignal): Promise<SessionSummary[]> {
    const body = await this.#json<{ sessions: SessionSummary[] }>('GET', '/sessions', undefined, signal);
    return body.sessions;
  }

  /** `GET /api/sessions/:id` with its turns. */
  getSession(id: string, signal?: AbortSignal): Promise<SessionDetail> {
    return this.#json<SessionDetail>('GET', `/sessions/${encodeURIComponent(id)}`, undefined, signal);
  }

  /** `PATCH /api/sessions/:id`. */
  async renameSession(id: string, title: string): Promise<void> {
    await this.#json<unknown>('PATCH', `/sessions/${encodeURIComponent(id)}`, { title });
  }

  /** `DELETE /api/sessions/:id`. */
  async deleteSession(id: string): Promise<void> {
    await this.#json<unknown>('DELETE', `/sessions/${encodeURIComponent(id)}`);
  }

  async #json<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: this.headers({
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...extraHeaders,
        }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(
        response.status,
        'BAD_RESPONSE',
        'The server answered with something other than JSON.',
      );
    }
  }
}

/** Reads `{ error: { code, message } }` from a failed response, falling back to the status line. */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof message === 'string')
      return new ApiError(
        response.status,
        typeof code === 'string' ? code : `HTTP_${response.status}`,
        message,
      );
  } catch {
    // not JSON: use the status line below
  }
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    `${response.status} ${response.statusText}`.trim(),
  );
}
