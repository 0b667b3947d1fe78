/**
 * A message's text as its author wrote it: a user message without the context blocks the agent puts before the
 * question (`<current_date>…</current_date>`, `<note>…</note>`, each followed by a blank line). Content that is
 * not a string is returned as it is.
 */
export function userWords<T>(content: T): T | string {
  return typeof content === 'string' ? content.replace(/^(?:<([a-z_]+)>[\s\S]*?<\/\1>\n\n)+/, '') : content;
}
