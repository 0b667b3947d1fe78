/**
 * Assembles the assistant's prose of one turn from `text-delta` events: the text of consecutive agent steps
 * is separated by one blank line, and nothing else (tool activity) is mixed in.
 */
export class AnswerText {
  #text = '';
  #lastStep = -1;

  /** Adds a piece of prose produced in `step`; returns whether the text changed. */
  add(step: number, piece: string): boolean {
    if (piece === '') return false;
    if (step !== this.#lastStep && this.#text !== '') {
      // Steps are separated by exactly one blank line, whatever whitespace the model left at the end.
      this.#text = this.#text.replace(/\s+$/u, '') + '\n\n';
      piece = piece.replace(/^\s+/u, '');
      if (piece === '') {
        this.#lastStep = step;
        return true;
      }
    }
    this.#lastStep = step;
    this.#text += piece;
    return true;
  }

  /** The answer so far. */
  get value(): string {
    return this.#text;
  }
}
