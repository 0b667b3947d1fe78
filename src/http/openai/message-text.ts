/**
 * The text of an OpenAI message `content`: a string as is; for an array of parts, the `text` of its text
 * parts joined by newlines (images, audio and files are left out); nothing for `null`.
 */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (typeof part !== 'object' || part === null) continue;
    const { type, text } = part as { type?: unknown; text?: unknown };
    if ((type === 'text' || type === 'input_text') && typeof text === 'string') texts.push(text);
  }
  return texts.join('\n');
}
