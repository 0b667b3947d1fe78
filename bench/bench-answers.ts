/** The short answer of the latency, throughput and memory runs (55 characters, 7 chunks of 8). */
export const SHORT_ANSWER = 'Hello! This is a short answer from the simulated model.';

const WORDS =
  'the platform keeps applications templates attributes records and forms; a process moves each record through its states while roles decide who may read or change what'.split(
    ' ',
  );

/**
 * A realistic streamed answer: `chars` characters of plain prose split into `chunks` pieces of nearly equal
 * size, as a model streams tokens.
 * @param chars - length of the whole answer
 * @param chunks - number of pieces
 */
export function realisticAnswerChunks(chars: number, chunks: number): string[] {
  let text = '';
  for (let i = 0; text.length < chars; i++) {
    const word = WORDS[i % WORDS.length]!;
    text += i % 17 === 16 ? `${word}.\n\n` : `${word} `;
  }
  text = text.slice(0, chars);
  const pieces: string[] = [];
  for (let i = 0; i < chunks; i++) {
    pieces.push(text.slice(Math.round((i * chars) / chunks), Math.round(((i + 1) * chars) / chunks)));
  }
  return pieces;
}
