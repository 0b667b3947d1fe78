/** One edit of Gradio's streaming diff format: `[action, path, value]`; path `[]` is the whole value. */
export type DiffOp = ['append' | 'replace', [], string];

/**
 * The edits that turn `previous` into `next`, as Gradio sends them in `process_generating` after the first one
 * (protocols `sse_v2`…`sse_v3`): `append` of the new tail when `next` extends `previous`, else one `replace`;
 * no edits when nothing changed.
 */
export function diffString(previous: string, next: string): DiffOp[] {
  if (next === previous) return [];
  if (next.startsWith(previous)) return [['append', [], next.slice(previous.length)]];
  return [['replace', [], next]];
}
