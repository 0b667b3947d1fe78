import { z } from 'zod';

/** A record id input: the platform's numeric string (`"486482"`), trimmed. */
export const recordIdInput = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.-]+$/, 'a record id is a number such as "486482"')
  .describe('Record id, e.g. "486482" (list_template_records shows them).');

/** `multivalue_index`: which file of a multi-value file attribute (0-based). */
export const multivalueIndexInput = z
  .number()
  .int()
  .min(0)
  .max(10_000)
  .default(0)
  .describe(
    'Which file to load when the attribute stores several (0-based, in the order the platform lists them). Default 0.',
  );
