import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** A tool call the test MCP server received. */
export interface McpCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  /** The request headers (lower-case names). */
  readonly headers: IncomingMessage['headers'];
}

/** A running external MCP server for tests. */
export interface McpTestServer {
  /** Its Streamable HTTP endpoint, `http://127.0.0.1:PORT/mcp`. */
  readonly url: string;
  /** Every tool call received, in order. */
  readonly calls: McpCall[];
  close(): Promise<void>;
}

/**
 * Starts an MCP server (the official SDK, Streamable HTTP, stateless) with three tools: `lookup_employee`
 * (read-only), `purge_records` (destructive) and `count_items` (no annotations: destructive by the MCP defaults).
 * It records every call, so tests can assert what reached it.
 */
export async function startMcpTestServer(): Promise<McpTestServer> {
  const calls: McpCall[] = [];
  const build = (headers: IncomingMessage['headers']) => {
    const server = new McpServer({ name: 'test-external', version: '1.0.0' });
    server.registerTool(
      'lookup_employee',
      {
        title: 'Look up an employee',
        description: 'Finds an employee by name in the HR directory.',
        inputSchema: { name: z.string() },
        annotations: { readOnlyHint: true },
      },
      (args) => {
        calls.push({ name: 'lookup_employee', args, headers });
        return { content: [{ type: 'text', text: `${args.name}: engineer, room 42` }] };
      },
    );
    server.registerTool(
      'purge_records',
      {
        title: 'Purge records',
        description: 'Deletes every record of a template.',
        inputSchema: { template: z.string() },
        annotations: { destructiveHint: true },
      },
      (args) => {
        calls.push({ name: 'purge_records', args, headers });
        return { content: [{ type: 'text', text: `purged ${args.template}` }] };
      },
    );
    server.registerTool(
      'count_items',
      { description: 'Counts items.', inputSchema: { of: z.string() } },
      (args) => {
        calls.push({ name: 'count_items', args, headers });
        return { content: [{ type: 'text', text: '3' }] };
      },
    );
    return server;
  };
  const http = createServer((req, res) => {
    void (async () => {
      if (req.url !== '/mcp') {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const server = build(req.headers);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, text === '' ? undefined : (JSON.parse(text) as unknown));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
