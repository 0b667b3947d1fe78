/** Final punctuation that already ends a sentence, possibly followed by closing quotes or brackets. */
const ENDED = /[.!?…。！？][\s"'”’»)\]]*$/u;

/**
 * Makes text read as a finished sentence so another can follow it: trims it and adds a period when it
 * does not already end with `.`, `!`, `?` or `…` (closing quotes and brackets after the mark are fine).
 * Provider messages often lack one (`upstream overloaded`), which glued them to the next sentence.
 * @param text - a message, possibly from a third party
 * @returns the trimmed text ending with final punctuation; empty text stays empty
 */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || ENDED.test(trimmed)) return trimmed;
  // A trailing colon, semicolon or comma would read oddly before the added period.
  return `${trimmed.replace(/[,;:\s]+$/u, '')}.`;
}
