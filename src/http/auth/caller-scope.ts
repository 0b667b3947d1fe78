import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The surfaces whose conversations are named by the client (`session_hash`, `data[4]`, `cmw_extra_body`). */
export type NamedSessionSurface = 'gradio' | 'openai' | 'mcp';

/**
 * What a Gradio or OpenAI-compatible request may see: that surface's runs and conversations made with the same
 * API key (`gradio:open` / `openai:open` when `API_KEYS` is not set). Runs and sessions record it as their owner.
 * Native API requests are owned by their client key instead (`clientOwner`).
 */
export function callerScope(surface: NamedSessionSurface, request: FastifyRequest): string {
  return `${surface}:${request.apiKeyId}`;
}

/**
 * The stored id of a conversation a client names: a digest of the owner's scope and the client's id, so the same
 * name in another scope (another surface, another API key, a native session id) is another conversation, and a
 * leaked database holds no id a client could send. Prefixed with the surface for people reading the store.
 * @param scope - from {@link callerScope}
 * @param clientSessionId - `session_hash`, `data[4]`, or the OpenAI request's session id
 */
export function scopedSessionId(scope: string, clientSessionId: string): string {
  const surface = scope.slice(0, scope.indexOf(':'));
  const digest = createHash('sha256').update(`${scope}\0${clientSessionId}`, 'utf8').digest('hex');
  return `${surface}-${digest.slice(0, 40)}`;
}

/** {@link scopedSessionId} for an optional client id. */
export function scopedSessionIdOf(scope: string, clientSessionId: string | undefined): string | undefined {
  return clientSessionId === undefined ? undefined : scopedSessionId(scope, clientSessionId);
}
