import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** An open MCP session of this instance. */
export interface McpSession {
  readonly id: string;
  /** `mcp:<API key id>`: only requests with the same key reach the session. */
  readonly owner: string;
  /** Digest of the X-CMW-* headers it began with: later requests must send the same (or none). */
  readonly credentialsDigest: string;
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
  /** When a request last used it (ms since epoch). */
  usedAt: number;
}

/**
 * The MCP sessions of this instance: at most `maxSessions`, each closed after `idleMs` without a request (a
 * client that comes back after that gets 404 and, as the MCP specification asks of it, starts a new session).
 */
export class McpSessions {
  readonly #sessions = new Map<string, McpSession>();
  readonly #idleMs: number;
  readonly #maxSessions: number;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: { readonly idleMs: number; readonly maxSessions: number }) {
    this.#idleMs = options.idleMs;
    this.#maxSessions = options.maxSessions;
    this.#sweep = setInterval(() => this.#closeIdle(), Math.min(60_000, options.idleMs)).unref();
  }

  /** Whether another session may be opened now. */
  get full(): boolean {
    if (this.#sessions.size < this.#maxSessions) return false;
    this.#closeIdle();
    return this.#sessions.size >= this.#maxSessions;
  }

  /**
   * The session `id` of `owner`, marked used; undefined when there is none, or it is another owner's (the two are
   * not told apart).
   */
  get(id: string, owner: string): McpSession | undefined {
    const session = this.#sessions.get(id);
    if (!session || session.owner !== owner) return undefined;
    session.usedAt = Date.now();
    return session;
  }

  add(session: McpSession): void {
    this.#sessions.set(session.id, session);
  }

  /** Forgets a session (its transport closed). */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** Closes every session (the server stops). */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(all.map((s) => s.server.close().catch(() => undefined)));
  }

  #closeIdle(): void {
    const now = Date.now();
    for (const s of this.#sessions.values()) {
      if (now - s.usedAt < this.#idleMs) continue;
      this.#sessions.delete(s.id);
      void s.server.close().catch(() => undefined);
    }
  }
}
