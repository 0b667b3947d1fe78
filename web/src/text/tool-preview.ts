/** Most characters a preview shows. */
export const PREVIEW_CHARS = 1200;

/**
 * A tool's input or output as readable text: strings as they are, anything else as indented JSON, cut to
 * `limit` characters.
 */
export function toolPreview(value: unknown, limit = PREVIEW_CHARS): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (typeof value === 'string') text = value;
  else {
    try {
      // Values come from JSON, so this never meets functions; a cycle cannot happen either.
      text = JSON.stringify(value, null, 2) ?? '';
    } catch {
      text = '';
    }
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * One line that sums a result up: the error of a failed call; a list as `[count] first, second, third…`; an
 * object as its simple fields (`timezone: UTC · local: …`). Tools answer `{ success, data }`: the data is shown.
 */
export function toolSummary(value: unknown): string {
  let shown = value;
  if (isRecord(shown)) {
    for (const key of ['error', 'message']) {
      if (typeof shown[key] === 'string' && shown.success !== true) return oneLine(shown[key]);
    }
    if ('success' in shown && 'data' in shown) shown = shown.data;
  }
  if (Array.isArray(shown)) {
    const labels = shown
      .slice(0, 3)
      .map(labelOf)
      .filter((l) => l !== '');
    const more = shown.length > labels.length && labels.length > 0 ? '…' : '';
    return oneLine(`[${shown.length}] ${labels.join(', ')}${more}`);
  }
  if (isRecord(shown)) {
    const fields = Object.entries(shown)
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k}: ${String(v as string | number | boolean)}`);
    if (fields.length > 0) return oneLine(fields.join(' · '));
  }
  return oneLine(toolPreview(shown, 200));
}

function labelOf(item: unknown): string {
  if (typeof item === 'string' || typeof item === 'number') return String(item);
  if (!isRecord(item)) return '';
  for (const key of ['alias', 'name', 'title', 'id']) {
    const v = item[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
