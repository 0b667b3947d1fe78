import type { ParamsDoc, RouteDoc } from './route-doc.js';

const TAGS = ['MCP server'];

/** The headers of every MCP request: the session, the protocol version, and the session's platform credentials. */
const MCP_HEADERS: ParamsDoc = {
  properties: {
    'mcp-session-id': {
      type: 'string',
      description: 'The session id the initialize response gave (absent on initialize itself).',
    },
    'mcp-protocol-version': { type: 'string', description: 'The negotiated MCP protocol version.' },
    'x-cmw-base-url': {
      type: 'string',
      description:
        'The session’s platform (checked against CMW_ALLOWED_BASE_URLS and the SSRF guard); default CMW_BASE_URL.',
    },
    'x-cmw-login': { type: 'string', description: 'The session’s platform login (with X-CMW-Password).' },
    'x-cmw-password': {
      type: 'string',
      description: 'The session’s platform password; used for its tool calls only, never stored or logged.',
    },
  },
};

const DESCRIPTION =
  'The Model Context Protocol, Streamable HTTP transport (docs/mcp.md): the platform and utility tools with their ' +
  'annotations, and `ask_copilot`. Errors are JSON-RPC error objects with the code of docs/errors.md in ' +
  '`error.data.code`.';

/** The MCP server (`/mcp`). */
export const MCP_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'POST /mcp': {
    operationId: 'mcpPost',
    tags: TAGS,
    summary: 'Send a JSON-RPC message to the MCP server; initialize opens a session',
    description: `${DESCRIPTION} Send \`Accept: application/json, text/event-stream\`. A request is answered with an event stream of its messages (progress, elicitation, the result); a notification or response with 202.`,
    headers: MCP_HEADERS,
    documentedBody: {
      type: 'object',
      description: 'A JSON-RPC 2.0 request, notification or response of MCP.',
      properties: {
        jsonrpc: { const: '2.0' },
        method: { type: 'string' },
        id: { type: ['string', 'integer'] },
      },
      required: ['jsonrpc'],
    },
    responses: {
      200: { description: 'The answer.', sse: 'JSON-RPC messages of MCP, one per `message` event.' },
      202: { description: 'A notification or response was accepted.' },
    },
    errors: ['INVALID_PARAMS', 'UNKNOWN_SESSION', 'QUEUE_FULL'],
    errorShape: 'McpError',
  },
  'GET /mcp': {
    operationId: 'mcpStream',
    tags: TAGS,
    summary: 'Open the session’s stream of server messages',
    description: DESCRIPTION,
    headers: { ...MCP_HEADERS, required: ['mcp-session-id'] },
    responses: { 200: { description: 'The stream.', sse: 'JSON-RPC messages of MCP.' } },
    errors: ['INVALID_PARAMS', 'UNKNOWN_SESSION'],
    errorShape: 'McpError',
  },
  'DELETE /mcp': {
    operationId: 'mcpEndSession',
    tags: TAGS,
    summary: 'End the MCP session',
    description: DESCRIPTION,
    headers: { ...MCP_HEADERS, required: ['mcp-session-id'] },
    responses: { 200: { description: 'The session is ended.' } },
    errors: ['INVALID_PARAMS', 'UNKNOWN_SESSION'],
    errorShape: 'McpError',
  },
};
