import type { z } from 'zod';

const ARTICLE: Record<string, string> = {
  array: 'an array',
  object: 'a JSON object',
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  record: 'a JSON object',
};

/**
 * Turns a zod issue into one clear sentence naming the field, e.g. `messages[2].role must be one of …` or
 * `stream must be a boolean`.
 * @param issue - the first issue zod reported
 * @param input - the value that was validated (to tell a missing field from a wrong one)
 * @param root - a name to put before the issue's path (`cmw_extra_body`), if any
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, root?: string): string {
  const where = fieldPath(root === undefined ? issue.path : [root, ...issue.path]) || 'the body';
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(input, issue.path) === undefined) return `${where} is required`;
      return `${where} must be ${ARTICLE[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${where} is longer than ${String(issue.maximum)} characters`
        : `${where} is too large (at most ${String(issue.maximum)})`;
    case 'too_small':
      return issue.origin === 'array' ? `${where} must not be empty` : `${where} is too small`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** `['messages', 2, 'role']` → `messages[2].role`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
