import type { Tool, ToolExecutionOptions, ToolSet } from 'ai';
import type { ToolContext } from './tool-context.js';
import { CallCoordinator } from './call-coordinator.js';
import { TOOL_DEFINITIONS, TOOL_METADATA } from './tool-registry.js';
import { LOAD_TOOLS_NAME, ToolLoadout, type ToolOffer } from './tool-loadout.js';
import { lazyToolSet, toolPreview } from './lazy-tool-set.js';
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
  return lazyToolSet(
    TOOL_DEFINITIONS.map((d) => d.name),
    (name) => DEFINITIONS_BY_NAME.get(name)!.create(session),
    (name) => DEFINITIONS_BY_NAME.get(name)!.preview,
  );
}

const DEFINITIONS_BY_NAME = new Map(TOOL_DEFINITIONS.map((d) => [d.name, d]));

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
  const metadata = { ...external.metadata, ...TOOL_METADATA };
  const own = buildTools(ctx);
  /** A tool bound to the run: its calls coordinated and, when the policy holds them, approved first. */
  const bind = (name: string, t: Tool): Tool => {
    const execute = t.execute;
    if (!execute) return t;
    const writes = !(metadata[name]?.readOnly ?? false);
    const held = approval !== undefined && needsApproval(approval.policy, metadata[name]);
    return {
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
    };
  };
  // Built when first read (see lazy-tool-set.ts): a run reads the tools it offers and those it calls.
  const names = [...new Set([...Object.keys(external.tools), ...Object.keys(own)])];
  const tools = lazyToolSet(
    names,
    (name) => bind(name, Object.hasOwn(own, name) ? own[name]! : external.tools[name]!),
    // Binding keeps the description and the schema: the own tool's preview shows the bound one; an external tool
    // is already built.
    (name) => (Object.hasOwn(own, name) ? toolPreview(own, name) : external.tools[name]),
  );
  tools[LOAD_TOOLS_NAME] = loadout.tool();
  return { tools, offer: loadout };
}
