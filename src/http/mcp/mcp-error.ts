import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppError } from '../../errors/app-error.js';

/** The path of the MCP server. */
export const MCP_PATH = '/mcp';

/** A JSON-RPC error response, the shape MCP clients read on every failure of `/mcp`. */
export interface McpErrorBody {
  readonly jsonrpc: '2.0';
  readonly error: {
    readonly code: number;
    readonly message: string;
    readonly data: { readonly code: string };
  };
  readonly id: null;
}

/**
 * An error of the MCP route in JSON-RPC's shape, as the MCP SDK's transport answers its own (`-32700` for a body
 * that is not JSON, `-32600` for a request that is not valid, `-32001` for an unknown session, `-32000` else),
 * with the server's error code in `error.data.code`.
 * @param error - the server's error
 */
export function toMcpError(error: AppError): McpErrorBody {
  return {
    jsonrpc: '2.0',
    error: { code: jsonRpcCode(error.code), message: error.message, data: { code: error.code } },
    id: null,
  };
}

function jsonRpcCode(code: string): number {
  switch (code) {
    case 'INVALID_JSON':
      return -32700;
    case 'INVALID_BODY':
    case 'INVALID_PARAMS':
      return -32600;
    case 'UNKNOWN_SESSION':
      return -32001;
    default:
      return -32000;
  }
}

/**
 * A tool call that failed as a tool result (`isError`), not a protocol error: the client's model reads the reason
 * and can correct itself.
 * @param message - the reason
 */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
