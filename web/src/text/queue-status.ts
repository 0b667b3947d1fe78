import type { Formatters } from '../i18n/formatters.js';
import type { Messages } from '../i18n/messages-en.js';
import type { TurnView } from '../state/turn-view.js';

/**
 * "Waiting in the queue: position 2 of 3 · about 20 s" in the page's language. The estimate is the server's
 * (`etaS` of the `queued` event, from the average time earlier answers took), rounded to whole seconds; without
 * one (no answer has completed since the server started) only the position is shown.
 */
export function queueStatus(queue: NonNullable<TurnView['queue']>, t: Messages, fmt: Formatters): string {
  const text = t.queued(fmt.number(queue.position), fmt.number(queue.size));
  if (queue.etaS === null) return text;
  return text + t.queuedEta(fmt.duration(Math.max(1, Math.round(queue.etaS)) * 1000));
}
