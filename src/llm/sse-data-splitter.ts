const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;

/**
 * Splits server-sent events out of decoded text, as `eventsource-parser` 3 (the AI SDK's `EventSourceParserStream`)
 * does, and hands over the data of each event: lines end with LF, CR or CRLF; `data:` lines (one space after the
 * colon dropped) are joined with LF; a blank line ends an event that has data; comments and other fields are
 * skipped. Text after the last line end waits for the next feed; what is left when the stream ends is dropped, as
 * the AI SDK's stream drops it.
 */
export class SseDataSplitter {
  /** The pieces of an unfinished line from the previous feeds. */
  readonly #rest: string[] = [];
  #data = '';
  #dataLines = 0;
  #first = true;

  /**
   * Feeds the next piece of the stream's text.
   * @param text - decoded text, as it arrived
   * @param onData - called with the data of each event completed by this text, in order
   */
  feed(text: string, onData: (data: string) => void): void {
    if (this.#first) {
      this.#first = false;
      // eventsource-parser strips a byte order mark read as three Latin-1 characters.
      if (text.charCodeAt(0) === 239 && text.charCodeAt(1) === 187 && text.charCodeAt(2) === 191)
        text = text.slice(3);
    }
    if (this.#rest.length > 0) {
      this.#rest.push(text);
      // A long line arriving in many pieces is joined once, when its end comes.
      if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1) return;
      text = this.#rest.join('');
      this.#rest.length = 0;
    }
    const chunk = text;
    let start = 0;
    if (chunk.indexOf('\r') === -1) {
      for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
        this.#line(chunk, start, end, onData);
        start = end + 1;
      }
    } else {
      while (start < chunk.length) {
        const cr = chunk.indexOf('\r', start);
        const lf = chunk.indexOf('\n', start);
        let end: number;
        if (cr !== -1 && lf !== -1) end = cr < lf ? cr : lf;
        // A CR at the very end may be the first half of a CRLF: wait for the next feed.
        else if (cr !== -1) end = cr === chunk.length - 1 ? -1 : cr;
        else end = lf;
        if (end === -1) break;
        this.#line(chunk, start, end, onData);
        start = end + 1;
        if (chunk.charCodeAt(end) === CR && chunk.charCodeAt(start) === LF) start++;
      }
    }
    if (start < chunk.length) this.#rest.push(start === 0 ? chunk : chunk.slice(start));
  }

  #line(chunk: string, start: number, end: number, onData: (data: string) => void): void {
    if (start === end) {
      if (this.#dataLines > 0) {
        const data = this.#data;
        this.#data = '';
        this.#dataLines = 0;
        onData(data);
      }
      return;
    }
    let value: string;
    if (chunk.startsWith('data:', start)) {
      value = chunk.slice(chunk.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end);
    } else if (chunk.charCodeAt(start) === COLON || end - start !== 4 || !chunk.startsWith('data', start)) {
      // A comment, or a field other than data (a `data` field needs its colon unless the line is just "data").
      return;
    } else value = '';
    this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
    this.#dataLines++;
  }
}
