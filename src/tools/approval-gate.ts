import type { ToolMetadata } from './define-tool.js';

/** Which tool calls wait for a person: `destructive` ones (deletes, archives), every `writes`, or `none`. */
export type ApprovalPolicy = 'destructive' | 'writes' | 'none';

/** A tool call held for a person's decision. */
export interface HeldCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
}

/** A person's decision on a held call. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly reason?: string | undefined;
  /** Not decided: the surface cannot ask the person during the run, so the model must ask in its answer. */
  readonly deferred?: boolean;
}

/** Asks for a decision on a held call; resolves when there is one (a timeout answers as a denial). */
export type AskApproval = (call: HeldCall) => Promise<ApprovalDecision>;

/**
 * Whether a call of a tool with this metadata needs a person's approval under the policy.
 * @param metadata - the tool's flags (undefined for tools outside the registry: `load_tools`, never held)
 */
export function needsApproval(policy: ApprovalPolicy, metadata: ToolMetadata | undefined): boolean {
  if (!metadata || policy === 'none') return false;
  return policy === 'destructive' ? metadata.destructive : !metadata.readOnly;
}

/**
 * What the model gets for a call the person declined (or did not decide in time): a tool result in the shape of
 * every other tool failure, so it continues and tells the person.
 */
export function declinedResult(decision: ApprovalDecision): unknown {
  if (decision.deferred)
    return {
      success: false,
      status: 'needs_confirmation',
      error:
        'Not run: this change needs the person’s confirmation first. Ask them in your answer, naming exactly what ' +
        'will be changed or deleted, and ask them to reply "yes" to confirm. Do not call other tools to work around it.',
    };
  return { success: false, status: 'declined', error: declinedText(decision) };
}

/**
 * What a caller is told of a call the person declined (or did not decide in time): the agent's model, or an MCP
 * client's.
 */
export function declinedText(decision: ApprovalDecision): string {
  return `The person declined this action${decision.reason ? `: ${decision.reason}` : ''}. It was not run; do not retry it unless they ask.`;
}
