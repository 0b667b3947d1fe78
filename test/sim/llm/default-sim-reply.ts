import type { SimReply } from './llm-simulator.js';
import { messageText, withoutContextBlocks } from './message-text.js';
import { parseSimDirective } from './parse-sim-directive.js';

interface WireMessage {
  role?: unknown;
  content?: unknown;
}

function requestMessages(body: unknown): WireMessage[] {
  if (typeof body !== 'object' || body === null) return [];
  const { messages } = body as { messages?: unknown };
  if (!Array.isArray(messages)) return [];
  return (messages as unknown[]).map((message) =>
    typeof message === 'object' && message !== null ? (message as WireMessage) : {},
  );
}

/**
 * The reply the simulator gives when neither the script queue nor a handler supplies one:
 * - last message `role: 'tool'`: `Tool results: <contents of the trailing tool messages joined with ' | '>`;
 * - last message from the user with a `[[sim:{…}]]` directive: that directive (a directive without
 *   `text`, `toolCalls` or `error` echoes the rest of the message), or a 400 error when it is invalid;
 * - otherwise `Echo: <text of the last user message>`.
 *
 * Context blocks an agent puts before the user's own words (`<current_date>…</current_date>`, `<note>…</note>`:
 * XML-like tags at the start of the message, each followed by a blank line) are not echoed, as a model would
 * not repeat them either.
 *
 * Exported so a {@link SimHandler} can fall back to it.
 */
export function defaultSimReply(body: unknown): SimReply {
  const messages = requestMessages(body);
  const last = messages.at(-1);

  if (last?.role === 'tool') {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--) {
      results.unshift(messageText(messages[i]?.content));
    }
    return { text: `Tool results: ${results.join(' | ')}` };
  }

  const lastUser = messages.findLast((message) => message.role === 'user');
  const userText = withoutContextBlocks(messageText(lastUser?.content));
  if (last !== undefined && last === lastUser) {
    const directive = parseSimDirective(userText);
    if (directive !== undefined) {
      if (!directive.ok) {
        return {
          error: {
            status: 400,
            message: directive.error,
            type: 'invalid_request_error',
            code: 'invalid_sim_directive',
          },
        };
      }
      const { reply } = directive;
      if (reply.text === undefined && reply.toolCalls === undefined && reply.error === undefined) {
        return { ...reply, text: `Echo: ${directive.rest}` };
      }
      return reply;
    }
  }
  return { text: `Echo: ${userText}` };
}
