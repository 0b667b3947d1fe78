/**
 * The plain text of an OpenAI chat message `content`: a string as is, an array of content parts as the
 * texts of its `{ type: 'text', text }` parts joined with newlines, anything else as ''.
 * Never throws, whatever a client sent.
 */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (typeof part === 'object' && part !== null) {
      const { type, text } = part as { type?: unknown; text?: unknown };
      if (type === 'text' && typeof text === 'string') texts.push(text);
    }
  }
  return texts.join('\n');
}

/**
 * A user message's text after the context blocks an agent puts before the person's own words (`<current_date>…
 * </current_date>`, `<note>…</note>`: XML-like tags at the start, each followed by a blank line).
 */
export function withoutContextBlocks(text: string): string {
  return text.replace(/^(?:<([a-z_]+)>[\s\S]*?<\/\1>\n\n)+/, '');
}
