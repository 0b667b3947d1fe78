import { withoutContextBlocks } from '../sim/llm/message-text.js';

/**
 * A message's text as its author wrote it: a user message without the context blocks the agent puts before the
 * question (`<current_date>…</current_date>`, `<note>…</note>`); content that is not a string as it is.
 */
export function userWords<T>(content: T): T | string {
  return typeof content === 'string' ? withoutContextBlocks(content) : content;
}
