import type { ToolSet } from 'ai';
import type { ToolContext } from './tool-context.js';
import { TOOL_DEFINITIONS } from './tool-registry.js';
import { ToolSession } from './tool-session.js';

/**
 * The agent's tools for one run, bound to that run's context: its credentials (or the server's defaults) make one
 * platform client shared by the run's tools and never by another run.
 * @param ctx - the run's tool context
 */
export function buildTools(ctx: ToolContext): ToolSet {
  const session = new ToolSession(ctx);
  return Object.fromEntries(TOOL_DEFINITIONS.map((d) => [d.name, d.create(session)]));
}
