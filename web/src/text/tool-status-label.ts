import type { Messages } from '../i18n/messages-en.js';
import type { ToolCallView } from '../state/turn-view.js';

/** "done", "failed", "running…" or "not finished" in the page's language. */
export function toolStatusLabel(status: ToolCallView['status'], t: Messages): string {
  switch (status) {
    case 'pending':
      return t.toolPending;
    case 'done':
      return t.toolDone;
    case 'error':
      return t.toolFailed;
    default:
      return t.toolUnfinished;
  }
}
