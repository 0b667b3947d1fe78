/** Default size of a tool result the model sees, in characters of JSON. */
export const DEFAULT_RESULT_BUDGET_CHARS = 12_000;

/** What {@link fitToBudget} returns: the data to send, and a note when it was cut. */
export interface FittedData {
  readonly data: unknown;
  readonly note?: string;
}

/**
 * Cuts a tool's data to fit a character budget (measured as JSON), keeping it valid JSON and useful: a list
 * keeps its first items, an object keeps every field but shortens its largest list, and anything else becomes a
 * truncated JSON text. The note tells the model what was left out, so it can ask for less.
 * @param data - the tool's data
 * @param budget - the largest JSON length allowed
 * @param text - `JSON.stringify(data)` when the caller already has it, to avoid stringifying twice
 */
export function fitToBudget(
  data: unknown,
  budget: number = DEFAULT_RESULT_BUDGET_CHARS,
  text?: string,
): FittedData {
  const size = text !== undefined ? text.length : jsonLength(data);
  if (size <= budget) return { data };
  // Leave room for the note and the envelope around the data.
  const room = Math.max(200, budget - 300);

  if (Array.isArray(data)) {
    const kept = longestPrefix(data, (items) => jsonLength(items) <= room);
    return {
      data: data.slice(0, kept),
      note: `The result was cut to fit ${budget} characters: showing the first ${kept} of ${data.length} items. Ask for fewer or narrower results to see the rest.`,
    };
  }

  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    const lists = entries
      .filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
      .sort((a, b) => jsonLength(b[1]) - jsonLength(a[1]));
    const largest = lists[0];
    if (largest) {
      const [key, list] = largest;
      const withList = (items: unknown[]) => ({ ...(data as Record<string, unknown>), [key]: items });
      const kept = longestPrefix(list, (items) => jsonLength(withList(items)) <= room);
      const candidate = withList(list.slice(0, kept));
      if (jsonLength(candidate) <= room) {
        return {
          data: candidate,
          note: `The result was cut to fit ${budget} characters: "${key}" shows the first ${kept} of ${list.length} items. Ask for fewer or narrower results to see the rest.`,
        };
      }
    }
  }

  const whole = text ?? JSON.stringify(data) ?? '';
  return {
    data: `${whole.slice(0, room)}…`,
    note: `The result was cut to fit ${budget} characters (it had ${size}); the data is a truncated JSON text. Ask for less to see all of it.`,
  };
}

function jsonLength(value: unknown): number {
  return (JSON.stringify(value) ?? '').length;
}

/** The largest n such that `fits(list.slice(0, n))`, by binary search (fits is monotone in n). */
function longestPrefix(list: readonly unknown[], fits: (items: unknown[]) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(list.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
