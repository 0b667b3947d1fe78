import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../../tools/define-tool.js';
import { TOOL_DEFINITIONS } from '../../tools/tool-registry.js';

/**
 * The agent's tools the MCP server serves: the platform tools and the utility tools. The file tools are left out:
 * they read files uploaded into a conversation of this server, which an MCP client has no way to fill.
 */
export const MCP_TOOL_DEFINITIONS: readonly ToolDefinition[] = TOOL_DEFINITIONS.filter(
  (d) => d.group !== 'files',
);

let listed: readonly McpTool[] | undefined;

/**
 * The `tools/list` entries of {@link MCP_TOOL_DEFINITIONS}, made once: the name, title and description the model
 * sees, the same JSON Schema it is offered, and the annotations MCP clients use to decide what to confirm with the
 * person (`readOnlyHint`, `destructiveHint`, `idempotentHint`; `openWorldHint` false: they act on one platform).
 */
export function mcpToolList(): readonly McpTool[] {
  listed ??= MCP_TOOL_DEFINITIONS.map((d) => ({
    name: d.name,
    title: d.title,
    description: d.description,
    inputSchema: d.jsonSchema() as McpTool['inputSchema'],
    annotations: {
      title: d.title,
      readOnlyHint: d.readOnly,
      destructiveHint: d.destructive,
      idempotentHint: d.idempotent,
      openWorldHint: false,
    },
  }));
  return listed;
}
