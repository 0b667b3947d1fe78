import { createMCPClient, type MCPClient, type McpToolAnnotations } from '@ai-sdk/mcp';
import type { ToolSet } from 'ai';
import type { Logger } from 'pino';
import type { ToolMetadata } from '../define-tool.js';

/** An external MCP server (Streamable HTTP) whose tools the agent gets, under `<name>__`. */
export interface McpServerConfig {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** External tools for one run, with what the approval step reads of them. */
export interface ExternalTools {
  readonly tools: ToolSet;
  readonly metadata: Readonly<Record<string, ToolMetadata>>;
}

/** A server that could not be reached is asked again at most this often. */
const RECONNECT_MS = 5000;

interface Connection {
  readonly server: McpServerConfig;
  client: MCPClient | undefined;
  tools: ExternalTools | undefined;
  pending: Promise<void> | undefined;
  triedAt: number;
}

/**
 * The tools of the external MCP servers of `MCP_SERVERS`: one client per server, connected at start-up and again
 * (at most every few seconds) when it failed or was lost; each tool offered as `<server>__<tool>`. What a tool may
 * do comes from its annotations, as the MCP specification defines their defaults: read-only only when it says
 * `readOnlyHint`, otherwise destructive unless it says `destructiveHint: false` — so the approval policy holds an
 * unannotated tool as destructive.
 */
export class McpToolbox {
  readonly #log: Logger;
  readonly #connections: Connection[];

  constructor(servers: readonly McpServerConfig[], log: Logger) {
    this.#log = log.child({ component: 'mcp-client' });
    this.#connections = servers.map((server) => ({
      server,
      client: undefined,
      tools: undefined,
      pending: undefined,
      triedAt: 0,
    }));
  }

  /** Connects to every server in the background. */
  start(): void {
    for (const c of this.#connections) void this.#connect(c);
  }

  /**
   * The tools of every server connected now; a server that is not is tried again first (without waiting longer
   * than its attempt), and left out when it still fails.
   */
  async tools(): Promise<ExternalTools> {
    await Promise.all(
      this.#connections.map((c) =>
        c.tools === undefined && Date.now() - c.triedAt >= RECONNECT_MS
          ? this.#connect(c)
          : (c.pending ?? Promise.resolve()),
      ),
    );
    const tools: ToolSet = {};
    const metadata: Record<string, ToolMetadata> = {};
    for (const c of this.#connections) {
      if (!c.tools) continue;
      Object.assign(tools, c.tools.tools);
      Object.assign(metadata, c.tools.metadata);
    }
    return { tools, metadata };
  }

  /** Closes every client. */
  async close(): Promise<void> {
    await Promise.all(
      this.#connections.map((c) => c.client?.close().catch(() => undefined) ?? Promise.resolve()),
    );
  }

  #connect(c: Connection): Promise<void> {
    c.pending ??= (async () => {
      c.triedAt = Date.now();
      try {
        await c.client?.close().catch(() => undefined);
        const client = await createMCPClient({
          transport: {
            type: 'http',
            url: c.server.url,
            ...(c.server.headers ? { headers: { ...c.server.headers } } : {}),
          },
          clientName: 'cmw-platform-agent',
          // A lost connection makes the server be asked again at the next run.
          onUncaughtError: (error) => {
            this.#log.warn({ server: c.server.name, err: error }, 'MCP server connection failed');
            c.tools = undefined;
          },
        });
        const listed = await client.listTools();
        const own = client.toolsFromDefinitions(listed);
        const tools: ToolSet = {};
        const metadata: Record<string, ToolMetadata> = {};
        for (const definition of listed.tools) {
          const tool = own[definition.name];
          if (!tool) continue;
          const name = externalName(c.server.name, definition.name);
          tools[name] = tool;
          metadata[name] = metadataOf(definition.annotations);
        }
        c.client = client;
        c.tools = { tools, metadata };
        this.#log.info({ server: c.server.name, tools: Object.keys(tools).length }, 'MCP server connected');
      } catch (error) {
        c.tools = undefined;
        this.#log.warn(
          { server: c.server.name, reason: error instanceof Error ? error.message : String(error) },
          'could not reach the MCP server; its tools are left out until it answers',
        );
      } finally {
        c.pending = undefined;
      }
    })();
    return c.pending;
  }
}

/** `<server>__<tool>`, in the characters and length tool names may have. */
export function externalName(server: string, tool: string): string {
  return `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/** What the approval step reads of an external tool, from its annotations and the MCP defaults. */
export function metadataOf(annotations: McpToolAnnotations | undefined): ToolMetadata {
  const readOnly = annotations?.readOnlyHint === true;
  return { group: 'external', readOnly, destructive: !readOnly && annotations?.destructiveHint !== false };
}
