import type { I18n } from '../i18n/i18n-context.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { wasStopped } from '../state/turn-view.js';
import { escapeHtml } from '../text/escape-html.js';
import { toolPreview } from '../text/tool-preview.js';
import { toolStatusLabel } from '../text/tool-status-label.js';
import { turnStatsParts } from '../text/turn-stats-parts.js';
import type { ExportedConversation } from './conversation-markdown.js';

const STYLE = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6878; --line: #dde3ea; --accent: #1f6f8b; --soft: #f4f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.meta, .stats, time { color: var(--muted); font-size: .875rem; }
section.turn { border-top: 1px solid var(--line); padding: 1.5rem 0; }
.question { background: var(--soft); border-radius: 12px; padding: .75rem 1rem; white-space: pre-wrap; }
.label { font-weight: 600; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 1rem 0 .25rem; }
details { border: 1px solid var(--line); border-radius: 10px; padding: .5rem .75rem; margin: .5rem 0; }
details pre { max-height: 20rem; overflow: auto; }
pre { background: var(--soft); padding: .75rem; border-radius: 8px; overflow-x: auto; font-size: .85rem; }
code { font-family: ui-monospace, "Cascadia Code", Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: .75rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; }
th { background: var(--soft); }
.note { border-left: 3px solid #c98a1b; padding: .25rem .75rem; color: #7a5310; }
.error { border-left: 3px solid #b3261e; padding: .25rem .75rem; color: #8c1d18; }
a { color: var(--accent); }
`;

/**
 * The conversation as one standalone HTML file: inline styles, no scripts, answers rendered from Markdown and
 * sanitized exactly as on the page.
 */
export function conversationToHtml(
  conversation: ExportedConversation,
  i18n: I18n,
  at: Date = new Date(),
): string {
  const { t, fmt, locale } = i18n;
  const sections = conversation.turns.map((turn, index) => {
    const tools = turn.tools
      .map((tool) => {
        const duration =
          tool.durationMs !== undefined ? ` · ${escapeHtml(fmt.duration(tool.durationMs))}` : '';
        const output = toolPreview(tool.output);
        return `<details><summary><code>${escapeHtml(tool.name)}</code> — ${escapeHtml(toolStatusLabel(tool.status, t))}${duration}</summary>${
          output ? `<pre><code>${escapeHtml(output)}</code></pre>` : ''
        }</details>`;
      })
      .join('\n');
    const stopped = wasStopped(turn);
    const marker =
      turn.outcome === 'interrupted' || (turn.outcome === 'failed' && stopped)
        ? `<p class="note">⚡ ${escapeHtml(turn.answer.trim() === '' ? t.stoppedBeforeAnswer : t.interrupted)}</p>`
        : '';
    const error =
      turn.error && !stopped
        ? `<p class="error">❌ ${escapeHtml(turn.error.message ?? t.errorTitle)} (${escapeHtml(turn.error.code)})</p>`
        : '';
    const stats = turnStatsParts(turn, i18n)
      .map((s) => `${escapeHtml(s.label)}: ${escapeHtml(s.value)}`)
      .join(' · ');
    return `<section class="turn">
<h2>${escapeHtml(t.exportQuestion(fmt.number(index + 1)))}</h2>
<time datetime="${escapeHtml(turn.createdAt)}">${escapeHtml(fmt.dateTime(turn.createdAt))}</time>
<div class="question">${escapeHtml(turn.question)}</div>
${tools ? `<p class="label">${escapeHtml(t.toolCallsLabel)}</p>\n${tools}` : ''}
<p class="label">${escapeHtml(t.exportAnswer)}</p>
<div class="answer">${renderMarkdown(turn.answer)}</div>
${marker}${error}
${stats ? `<p class="stats">${stats}</p>` : ''}
</section>`;
  });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(conversation.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(conversation.title)}</h1>
<p class="meta">${escapeHtml(t.exportedAt(fmt.dateTime(at.toISOString())))}</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
