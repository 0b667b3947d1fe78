import type { SimReply } from './llm-simulator.js';
import { validateSimReply } from './validate-sim-reply.js';

const OPEN = '[[sim:';
const CLOSE = ']]';

/** A parsed `[[sim:{…}]]` directive: the reply it asks for and the message text around it, or why it is invalid. */
export type SimDirective = { ok: true; reply: SimReply; rest: string } | { ok: false; error: string };

/**
 * Finds a `[[sim:<json object>]]` directive in a user message and parses it as a {@link SimReply}.
 * Returns undefined when the text holds no directive. The JSON may itself contain `]]`: every `]]` after
 * the opening is tried as the end until the text before it parses.
 */
export function parseSimDirective(text: string): SimDirective | undefined {
  const start = text.indexOf(OPEN);
  if (start < 0) return undefined;
  const jsonStart = start + OPEN.length;
  for (let end = text.indexOf(CLOSE, jsonStart); end >= 0; end = text.indexOf(CLOSE, end + 1)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(jsonStart, end));
    } catch {
      continue;
    }
    const reply = validateSimReply(parsed);
    if (!reply.ok) return { ok: false, error: `Invalid [[sim:…]] directive: ${reply.error}` };
    const rest = `${text.slice(0, start)}${text.slice(end + CLOSE.length)}`.trim();
    return { ok: true, reply: reply.value, rest };
  }
  return { ok: false, error: 'Invalid [[sim:…]] directive: expected [[sim:<JSON object>]]' };
}
