import type { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { fieldPath } from '../describe-issue.js';

/**
 * Validates untrusted input against a schema.
 * @param what - `body` (INVALID_BODY) or the name of a path, query or header value (INVALID_PARAMS)
 * @throws AppError naming the first offending field
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(issue.path);
  const where = what === 'body' ? field || 'body' : field ? `${what} ${field}` : what;
  throw new AppError(what === 'body' ? 'INVALID_BODY' : 'INVALID_PARAMS', `${where}: ${issue.message}`);
}
