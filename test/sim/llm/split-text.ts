/** Splits text into pieces of at most `size` characters without cutting surrogate pairs. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  if (!/[\uD800-\uDFFF]/.test(text)) {
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    return pieces;
  }
  const codePoints = Array.from(text);
  for (let i = 0; i < codePoints.length; i += size) pieces.push(codePoints.slice(i, i + size).join(''));
  return pieces;
}
