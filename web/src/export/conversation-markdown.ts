import type { I18n } from '../i18n/i18n-context.js';
import { wasStopped, type TurnView } from '../state/turn-view.js';
import { toolPreview } from '../text/tool-preview.js';
import { toolStatusLabel } from '../text/tool-status-label.js';
import { turnStatsParts } from '../text/turn-stats-parts.js';

/** A conversation to export. */
export interface ExportedConversation {
  readonly title: string;
  readonly turns: readonly TurnView[];
}

/**
 * The conversation as a Markdown transcript: a heading, then each question (quoted), its tool calls, the
 * answer as the model wrote it, the interrupted marker or the error, and the statistics line.
 * Credentials never appear: they are not part of a turn.
 */
export function conversationToMarkdown(
  conversation: ExportedConversation,
  i18n: I18n,
  at: Date = new Date(),
): string {
  const { t, fmt } = i18n;
  const lines: string[] = [
    `# ${conversation.title}`,
    '',
    `_${t.exportedAt(fmt.dateTime(at.toISOString()))}_`,
    '',
  ];
  conversation.turns.forEach((turn, index) => {
    lines.push('---', '', `## ${t.exportQuestion(fmt.number(index + 1))}`, '');
    lines.push(`_${fmt.dateTime(turn.createdAt)}_`, '');
    lines.push(...turn.question.split('\n').map((line) => `> ${line}`), '');
    if (turn.tools.length > 0) {
      lines.push(`**${t.toolCallsLabel}**`, '');
      for (const tool of turn.tools) {
        const duration = tool.durationMs !== undefined ? `, ${fmt.duration(tool.durationMs)}` : '';
        lines.push(`- \`${tool.name}\` — ${toolStatusLabel(tool.status, t)}${duration}`);
        const output = toolPreview(tool.output);
        if (output !== '') lines.push('', fence(output, '  '), '');
      }
      lines.push('');
    }
    lines.push(`### ${t.exportAnswer}`, '');
    if (turn.answer.trim() !== '') lines.push(turn.answer.trim(), '');
    if (turn.outcome === 'interrupted' || (turn.outcome === 'failed' && wasStopped(turn)))
      lines.push(`> ⚡ ${turn.answer.trim() === '' ? t.stoppedBeforeAnswer : t.interrupted}`, '');
    if (turn.error && !wasStopped(turn))
      lines.push(`> ❌ ${turn.error.message ?? t.errorTitle} (${turn.error.code})`, '');
    const stats = turnStatsParts(turn, i18n);
    if (stats.length > 0) lines.push(`_${stats.map((s) => `${s.label}: ${s.value}`).join(' · ')}_`, '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A fenced code block long enough not to be closed by backticks inside the text. */
function fence(text: string, indent: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return [ticks, ...text.split('\n'), ticks].map((line) => indent + line).join('\n');
}
