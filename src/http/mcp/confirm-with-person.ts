import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../../tools/define-tool.js';

/** How long the call's input may be in the question put to the person. */
const INPUT_CHARS = 600;

/**
 * Asks the person, through the MCP client (elicitation), whether a call may run: "Delete attribute: {…}. Allow
 * this change?" with a yes/no choice and an optional reason. Approved only when they accept and say yes; no answer
 * within `timeoutMs` is a denial.
 * @returns the decision, or undefined when the client cannot ask (it declared no elicitation)
 */
export async function confirmWithPerson(
  server: Server,
  definition: ToolDefinition,
  input: unknown,
  options: { readonly requestId: RequestId; readonly signal: AbortSignal; readonly timeoutMs: number },
): Promise<{ approved: boolean; reason?: string } | undefined> {
  if (!server.getClientCapabilities()?.elicitation?.form) return undefined;
  const shown = JSON.stringify(input);
  const what = shown.length > INPUT_CHARS ? `${shown.slice(0, INPUT_CHARS)}…` : shown;
  try {
    const answer = await server.elicitInput(
      {
        mode: 'form',
        message: `${definition.title}: ${what}. ${definition.destructive ? 'This deletes or archives data on the platform. ' : ''}Allow this change?`,
        requestedSchema: {
          type: 'object',
          properties: {
            approve: { type: 'boolean', title: 'Allow this change', default: false },
            reason: { type: 'string', title: 'Reason (optional)' },
          },
          required: ['approve'],
        },
      },
      { relatedRequestId: options.requestId, signal: options.signal, timeout: options.timeoutMs },
    );
    const content = answer.content ?? {};
    const reason =
      typeof content.reason === 'string' && content.reason.trim() !== '' ? content.reason : undefined;
    return {
      approved: answer.action === 'accept' && content.approve === true,
      ...(reason !== undefined
        ? { reason }
        : answer.action !== 'accept'
          ? { reason: `the person chose ${answer.action}` }
          : {}),
    };
  } catch (error) {
    if (error instanceof McpError && error.code === (ErrorCode.RequestTimeout as number))
      return { approved: false, reason: 'no answer in time' };
    throw error;
  }
}
