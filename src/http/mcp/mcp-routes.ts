import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { PlatformCallObserver } from '../../platform/platform-client.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';
import { callerScope } from '../auth/caller-scope.js';
import { toAppError } from '../error-handler.js';
import { mcpCredentialsOf } from './mcp-credentials.js';
import { MCP_PATH, toMcpError } from './mcp-error.js';
import { McpSessions } from './mcp-sessions.js';
import { createMcpToolServer } from './mcp-tool-server.js';

/** What the MCP route needs. */
export interface McpRouteDeps {
  readonly config: Config;
  readonly runs: RunManager;
  /** Told when each platform call of a tool ends (the server's metrics). */
  readonly onPlatformCall?: PlatformCallObserver | undefined;
}

/**
 * The MCP server at `/mcp` (Streamable HTTP, the official SDK's transport): `POST` carries JSON-RPC messages
 * (`initialize` opens a session and answers its id in `Mcp-Session-Id`), `GET` opens the session's stream of
 * server messages, `DELETE` ends the session. Behind the same `API_KEYS` gate as every surface; a session belongs
 * to the key that opened it (another key's requests get 404, as for an unknown session) and keeps the platform
 * credentials of its `X-CMW-*` headers, or the server's `CMW_*`. Every error is a JSON-RPC error object.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpRouteDeps): void {
  const sessions = new McpSessions({
    idleMs: deps.config.agent.mcpServer.sessionIdleMs,
    maxSessions: deps.config.agent.mcpServer.maxSessions,
  });
  app.addHook('preClose', async () => {
    await sessions.close();
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const owner = callerScope('mcp', request);
    const { credentials, digest } = mcpCredentialsOf(request.headers, deps.config.platform);
    const header = request.headers['mcp-session-id'];
    const id = Array.isArray(header) ? header[0] : header;
    let transport: StreamableHTTPServerTransport;
    if (id !== undefined && id !== '') {
      const session = sessions.get(id, owner);
      if (!session)
        throw new AppError(
          'UNKNOWN_SESSION',
          'Unknown MCP session: it was ended, expired after MCP_SESSION_IDLE_S, or was opened with another key or on another instance. Start a new session with initialize.',
        );
      if (Object.keys(credentials).length > 0 && digest !== session.credentialsDigest)
        throw new AppError(
          'INVALID_PARAMS',
          'This MCP session was opened with other X-CMW-* headers; start a new session to use other platform credentials.',
        );
      transport = session.transport;
    } else if (request.method === 'POST' && isInitializeRequest(request.body)) {
      if (sessions.full)
        throw new AppError(
          'QUEUE_FULL',
          'Too many MCP sessions are open on this server (MCP_MAX_SESSIONS); try again later.',
        );
      transport = await openSession(owner, credentials, digest);
    } else {
      throw new AppError(
        'INVALID_PARAMS',
        request.method === 'POST'
          ? 'Send the Mcp-Session-Id header that the initialize response gave, or start a session with an initialize request.'
          : 'Send the Mcp-Session-Id header that the initialize response gave.',
      );
    }
    reply.hijack();
    try {
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      request.log.error({ err: error }, 'MCP request failed');
      if (!reply.raw.headersSent)
        reply.raw
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify(toMcpError(new AppError('INTERNAL', 'Internal server error.'))));
      else reply.raw.end();
    }
    return reply;
  };

  /** A new session: its own MCP server and transport, kept once `initialize` has been answered. */
  const openSession = async (
    owner: string,
    credentials: PlatformCredentials,
    credentialsDigest: string,
  ): Promise<StreamableHTTPServerTransport> => {
    let sessionId: string | undefined;
    const server = createMcpToolServer(deps, { owner, credentials });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (newId) => {
        sessionId = newId;
        sessions.add({ id: newId, owner, credentialsDigest, transport, server, usedAt: Date.now() });
      },
      onsessionclosed: (closedId) => sessions.delete(closedId),
    });
    transport.onclose = () => {
      if (sessionId !== undefined) sessions.delete(sessionId);
    };
    await server.connect(transport);
    return transport;
  };

  void app.register((scope, _options, done) => {
    installMcpErrorHandler(scope, deps.config.http.bodyLimitBytes);
    scope.post(MCP_PATH, handle);
    scope.get(MCP_PATH, handle);
    scope.delete(MCP_PATH, handle);
    done();
  });
}

/** Every failure of the MCP route as a JSON-RPC error object with the status of its code. */
function installMcpErrorHandler(scope: FastifyInstance, bodyLimitBytes: number): void {
  scope.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: appError.code }, appError.message);
    return reply.status(appError.status).send(toMcpError(appError));
  });
}
