import type { ToolSet } from 'ai';
import { getCurrentDatetimeTool } from './get-current-datetime.js';
import type { ToolContext } from './tool-context.js';

/**
 * The agent's tools for one run, bound to that run's context (its credentials never leak into another run).
 * @param ctx - the run's tool context
 */
export function buildTools(ctx: ToolContext): ToolSet {
  return {
    get_current_datetime: getCurrentDatetimeTool(ctx),
  };
}
