import type { CallToolResult, Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { isAppError } from '../../errors/app-error.js';
import type { RunEvent } from '../../runs/run-event.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';
import { scopedSessionId } from '../auth/caller-scope.js';
import { describeIssue } from '../describe-issue.js';
import { CompletionState } from '../openai/completion-state.js';
import { toolError } from './mcp-error.js';

/** The name of the tool that asks the whole copilot. */
export const ASK_COPILOT = 'ask_copilot';

/** Text progress is sent at most this often (tool calls and queue positions always). */
const TEXT_PROGRESS_MS = 250;
/** How much of the answer so far a progress message shows. */
const PROGRESS_TAIL_CHARS = 160;

const askInput = z.object({
  question: z.string().trim().min(1).max(100_000),
  session_id: z.string().trim().min(1).max(256).optional(),
});

/** The `tools/list` entry of `ask_copilot`. */
export const ASK_COPILOT_TOOL: McpTool = {
  name: ASK_COPILOT,
  title: 'Ask the Comindware copilot',
  description:
    'Ask the Comindware Platform copilot (an agent with all the platform tools) a question or give it a task in ' +
    'plain language, in any language; it answers when done, sending progress on the way. Conversations continue: ' +
    'calls with the same session_id (by default, this MCP session) share the history. A change that deletes or ' +
    'archives something is not made at once: the answer asks for confirmation, and the next call of the same ' +
    'session that says "yes" makes exactly that change.',
  inputSchema: {
    type: 'object',
    properties: {
      question: { type: 'string', description: 'The question or task, in plain language.' },
      session_id: {
        type: 'string',
        description: 'The conversation to continue; by default this MCP session’s own conversation.',
      },
    },
    required: ['question'],
  },
  outputSchema: {
    type: 'object',
    properties: {
      answer: { type: 'string' },
      session_id: { type: 'string' },
      run_id: { type: 'string' },
    },
    required: ['answer', 'session_id', 'run_id'],
  },
  annotations: {
    title: 'Ask the Comindware copilot',
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
};

/** What one `ask_copilot` call runs with. */
export interface AskCopilotContext {
  readonly runs: RunManager;
  /** The owner of the runs and conversations: `mcp:<API key id>`. */
  readonly owner: string;
  /** The MCP session's id: the default conversation. */
  readonly mcpSessionId: string;
  readonly credentials: PlatformCredentials;
  /** Aborts when the client cancels the request or goes away: the run is cancelled. */
  readonly signal: AbortSignal;
  /** Sends a progress notification, when the client asked for them (a `progressToken`). */
  readonly progress: ((progress: number, message: string) => Promise<void>) | undefined;
}

/**
 * Runs `ask_copilot`: one agent run through the same queue, history and approval rules as every surface
 * (`api: 'mcp'`), with progress notifications (queue position, each tool call, the answer so far) and the final
 * answer as the result. A run that fails answers `isError` with its message.
 * @param args - the call's arguments
 * @param ctx - the session and request it runs in
 */
export async function askCopilot(args: unknown, ctx: AskCopilotContext): Promise<CallToolResult> {
  const parsed = askInput.safeParse(args ?? {});
  if (!parsed.success)
    return toolError(
      `Invalid arguments for ${ASK_COPILOT}: ${describeIssue(parsed.error.issues[0]!, args)}.`,
    );
  const clientSessionId = parsed.data.session_id ?? ctx.mcpSessionId;
  const sessionId = scopedSessionId(ctx.owner, clientSessionId);
  let run;
  try {
    run = await ctx.runs.start({
      api: 'mcp',
      owner: ctx.owner,
      question: parsed.data.question,
      sessionId,
      credentials: ctx.credentials,
    });
  } catch (error) {
    if (isAppError(error)) return toolError(error.message);
    throw error;
  }
  const onAbort = () => ctx.runs.cancel(run.id);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const state = new CompletionState();
  let lastTextAt = 0;
  try {
    for await (const event of run.follow(0, ctx.signal)) {
      state.add(event);
      if (!ctx.progress) continue;
      const message = progressMessage(event, state, Date.now() - lastTextAt >= TEXT_PROGRESS_MS);
      if (message === undefined) continue;
      if (event.type === 'text-delta') lastTextAt = Date.now();
      await ctx.progress(event.seq, message).catch(() => undefined);
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  const error = state.error;
  if (state.status === undefined) return toolError('The request was cancelled.');
  if (error) return toolError(error.message);
  return {
    content: [{ type: 'text', text: state.text }],
    structuredContent: { answer: state.text, session_id: clientSessionId, run_id: run.id },
  };
}

function progressMessage(event: RunEvent, state: CompletionState, textDue: boolean): string | undefined {
  switch (event.type) {
    case 'queued':
      return `Waiting in the queue: position ${event.position} of ${event.queueSize}.`;
    case 'run-start':
      return 'Working on it.';
    case 'tool-call-start':
      return `Calling ${event.toolName}.`;
    case 'text-delta': {
      if (!textDue) return undefined;
      const text = state.answerSoFar;
      return text.length > PROGRESS_TAIL_CHARS ? `…${text.slice(-PROGRESS_TAIL_CHARS)}` : text;
    }
    default:
      return undefined;
  }
}
