import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../../config/config.js';
import type { PlatformCallObserver } from '../../platform/platform-client.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { ToolSet } from 'ai';
import { declinedText, needsApproval } from '../../tools/approval-gate.js';
import type { ToolDefinition } from '../../tools/define-tool.js';
import type { PlatformCredentials, ToolResult } from '../../tools/tool-context.js';
import { ToolSession } from '../../tools/tool-session.js';
import { describeIssue } from '../describe-issue.js';
import { ASK_COPILOT, ASK_COPILOT_TOOL, askCopilot } from './ask-copilot.js';
import { confirmWithPerson } from './confirm-with-person.js';
import { toolError } from './mcp-error.js';
import { MCP_TOOL_DEFINITIONS, mcpToolList } from './mcp-tool-list.js';

/** The server's name and version, as `initialize` reports them. */
export const MCP_SERVER_INFO = {
  name: 'cmw-platform-agent',
  title: 'Comindware Platform Agent',
  version: '0.1.0',
};

const BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(MCP_TOOL_DEFINITIONS.map((d) => [d.name, d]));

/** What the MCP server of one session needs. */
export interface McpToolServerDeps {
  readonly config: Config;
  readonly runs: RunManager;
  /** Told when each platform call of a tool ends (the server's metrics). */
  readonly onPlatformCall?: PlatformCallObserver | undefined;
}

/** One MCP session: who opened it and with which platform credentials. */
export interface McpSessionIdentity {
  /** `mcp:<API key id>`: owns the session and the conversations `ask_copilot` makes. */
  readonly owner: string;
  readonly credentials: PlatformCredentials;
}

/**
 * The MCP server of one MCP session: `tools/list` answers the agent's platform and utility tools (one definition,
 * two surfaces: the same names, descriptions and JSON Schemas the model gets) plus `ask_copilot`; `tools/call` runs
 * them with the session's platform credentials, through a platform client of this session only.
 *
 * Calls the approval policy covers (`AGENT_APPROVAL`: deletes and archives by default) are confirmed with the person
 * by MCP elicitation when the client supports it; a client without it confirms by the tool's `destructiveHint`, as
 * MCP hosts do before such calls.
 */
export function createMcpToolServer(deps: McpToolServerDeps, identity: McpSessionIdentity): Server {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions:
      'Tools for a Comindware Platform (a low-code business-application platform): applications, templates, ' +
      'attributes, records, forms, toolbars, datasets. Use list_applications first to learn the system names; ' +
      'ask_copilot hands a whole task to the platform copilot instead.',
  });
  const session = new ToolSession({
    credentials: identity.credentials,
    platform: deps.config.platform,
    timezone: deps.config.agent.timezone,
    now: () => new Date(),
    secrets: Object.values(deps.config.llm.providers).map((p) => p.apiKey),
    onPlatformCall: deps.onPlatformCall,
  });
  const tools: ToolSet = Object.fromEntries(MCP_TOOL_DEFINITIONS.map((d) => [d.name, d.create(session)]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...mcpToolList(), ASK_COPILOT_TOOL] }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const progressToken = request.params._meta?.progressToken;
    if (name === ASK_COPILOT)
      return askCopilot(args, {
        runs: deps.runs,
        owner: identity.owner,
        // Known on every request after initialize, which is the only one without it.
        mcpSessionId: extra.sessionId ?? String(extra.requestId),
        credentials: identity.credentials,
        signal: extra.signal,
        progress:
          progressToken === undefined
            ? undefined
            : (progress, message) =>
                extra.sendNotification({
                  method: 'notifications/progress',
                  params: { progressToken, progress, message },
                }),
      });
    const definition = BY_NAME.get(name);
    if (!definition) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${name.slice(0, 100)}".`);
    const input = args ?? {};
    const parsed = definition.inputSchema.safeParse(input);
    if (!parsed.success)
      return toolError(`Invalid arguments for ${name}: ${describeIssue(parsed.error.issues[0]!, input)}.`);
    if (needsApproval(deps.config.agent.approval, definition)) {
      const decision = await confirmWithPerson(server, definition, parsed.data, {
        requestId: extra.requestId,
        signal: extra.signal,
        timeoutMs: deps.config.agent.approvalTimeoutMs,
      });
      if (decision && !decision.approved) return toolError(declinedText(decision));
    }
    const result = (await tools[name]!.execute!(parsed.data, {
      toolCallId: `mcp-${String(extra.requestId)}`,
      messages: [],
      abortSignal: extra.signal,
    })) as ToolResult;
    return toCallToolResult(result);
  });
  return server;
}

/** A tool's compact result as MCP content: the data as JSON text, or the failure with `isError`. */
function toCallToolResult(result: ToolResult): CallToolResult {
  if (!result.success) return toolError(`${result.error} (status ${result.status})`);
  const text = JSON.stringify(result.data ?? null);
  return {
    content: [
      { type: 'text', text },
      ...(result.note !== undefined ? [{ type: 'text' as const, text: result.note }] : []),
    ],
  };
}
