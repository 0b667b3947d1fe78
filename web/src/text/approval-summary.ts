import type { Messages } from '../i18n/messages-en.js';

/**
 * What a held tool call will do, in plain words: the known destructive tools by their target, any other as its name
 * and arguments.
 * @param toolName - the tool
 * @param input - its arguments
 */
export function approvalSummary(toolName: string, input: unknown, t: Messages): string {
  const a = (input ?? {}) as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? a[key] : '?');
  switch (toolName) {
    case 'delete_attribute':
      return t.approveDeleteAttribute(
        str('system_name'),
        str('template_system_name'),
        str('application_system_name'),
      );
    case 'archive_or_unarchive_attribute':
      return t.approveArchiveAttribute(
        a.operation === 'unarchive',
        str('system_name'),
        str('template_system_name'),
        str('application_system_name'),
      );
    case 'archive_unarchive_button':
      return t.approveArchiveButton(
        a.operation === 'unarchive',
        str('button_system_name'),
        str('template_system_name'),
      );
    default:
      return t.approveOther(toolName);
  }
}
