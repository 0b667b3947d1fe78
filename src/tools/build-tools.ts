import type { ToolExecutionOptions, ToolSet } from 'ai';
import type { ToolContext } from './tool-context.js';
import { CallCoordinator } from './call-coordinator.js';
import { TOOL_DEFINITIONS, TOOL_METADATA } from './tool-registry.js';
import { LOAD_TOOLS_NAME, ToolLoadout, type ToolOffer } from './tool-loadout.js';
import { ToolSession } from './tool-session.js';
import type { ExternalTools } from './mcp/mcp-toolbox.js';
import { declinedResult, needsApproval, type ApprovalPolicy, type AskApproval } from './approval-gate.js';

/**
 * The agent's tools for one run, bound to that run's context: its credentials (or the server's defaults) make one
 * platform client shared by the run's tools and never by another run.
 * @param ctx - the run's tool context
 */
export function buildTools(ctx: ToolContext): ToolSet {
  const session = new ToolSession(ctx);
  return Object.fromEntries(TOOL_DEFINITIONS.map((d) => [d.name, d.create(session)]));
}

/** The agent's tools for one run, and which of them to offer the model on its next call. */
export interface AgentTools {
  /** Every tool, `load_tools` included: a call to any of them is run. */
  readonly tools: ToolSet;
  /** Which tools to offer: the core set, then what `load_tools` loaded or the model called. */
  readonly offer: ToolOffer;
}

/**
 * The tools of one agent run: all of them, bound to the run's context as {@link buildTools} binds them, plus
 * `load_tools`, with the core set offered first and the rest once loaded or called (see `tool-loadout.ts`).
 * Identical calls of one step run once, and writes run one after another (see `call-coordinator.ts`). With an
 * approval policy, a call it covers waits for `approval.ask` and runs only when approved; declined, the model gets
 * a tool result saying so.
 * @param ctx - the run's tool context
 * @param external - tools of external MCP servers, gated by the same policy by their metadata
 * @param offerFirst - more tools to offer from the first call (the file tools, when the conversation has files)
 * @param approval - the policy and how to ask a person (absent: every call runs)
 */
export function buildAgentTools(
  ctx: ToolContext,
  approval?: { readonly policy: ApprovalPolicy; readonly ask: AskApproval },
  external: ExternalTools = { tools: {}, metadata: {} },
  offerFirst: readonly string[] = [],
): AgentTools {
  // External tools (MCP_SERVERS) are offered from the first call: the operator chose them; so are `offerFirst`.
  const loadout = new ToolLoadout([...Object.keys(external.tools), ...offerFirst]);
  const calls = new CallCoordinator();
  const tools: ToolSet = {};
  const metadata = { ...external.metadata, ...TOOL_METADATA };
  for (const [name, t] of Object.entries({ ...external.tools, ...buildTools(ctx) })) {
    const execute = t.execute;
    const writes = !(metadata[name]?.readOnly ?? false);
    const held = approval !== undefined && needsApproval(approval.policy, metadata[name]);
    tools[name] = execute
      ? {
          ...t,
          execute: (input: unknown, options: ToolExecutionOptions) =>
            calls.run({ name, input, step: options.messages.length, writes }, async () => {
              if (held) {
                const decision = await approval.ask({
                  toolCallId: options.toolCallId,
                  toolName: name,
                  input,
                });
                if (!decision.approved) return declinedResult(decision);
              }
              return execute(input, options);
            }),
        }
      : t;
  }
  tools[LOAD_TOOLS_NAME] = loadout.tool();
  return { tools, offer: loadout };
}
