import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown/render-markdown.js';

/** Rendered, sanitized Markdown; re-rendered only when the text changes. */
export function MarkdownView({ text, class: className }: { text: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div class={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
