/** Characters a conversation title keeps of its first question. */
export const TITLE_CHARS = 60;

/** A conversation title from its first question: one line, cut at a word boundary with an ellipsis. */
export function titleFromQuestion(question: string): string {
  const line = question.replace(/\s+/gu, ' ').trim();
  const chars = [...line]; // code points: never split a surrogate pair
  if (chars.length <= TITLE_CHARS) return line;
  const cut = chars.slice(0, TITLE_CHARS - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
