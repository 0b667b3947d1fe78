import { canonicalEnum } from './bind-model.js';
import { WebApiFailure } from './web-api-failure.js';

/**
 * Readers for bound body fields, mirroring JSON.NET conversions: they return undefined for an absent
 * field and throw success:false (`WebApiFailure.invalid`) for a value of the wrong kind.
 */
export const read = {
  /** A string; '' counts as absent. */
  text(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw WebApiFailure.invalid(`${field} must be a string`);
    return value === '' ? undefined : value;
  },

  /** A boolean (`"true"`/`"false"` strings convert, as JSON.NET does). */
  boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw WebApiFailure.invalid(
      `Error converting value ${JSON.stringify(value)} to type 'System.Boolean' (${field})`,
    );
  },

  /** An integer (a numeric string converts). */
  integer(value: unknown, field: string): number | undefined {
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number))
      throw WebApiFailure.invalid(
        `Error converting value ${JSON.stringify(value)} to type 'System.Int32' (${field})`,
      );
    return number;
  },

  /** A number (a numeric string converts). */
  number(value: unknown, field: string): number | undefined {
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number))
      throw WebApiFailure.invalid(
        `Error converting value ${JSON.stringify(value)} to type 'System.Double' (${field})`,
      );
    return number;
  },

  /** An enum member, matched case-insensitively and returned in the spec's spelling. */
  enumValue(value: unknown, members: readonly string[], field: string): string | undefined {
    if (value === undefined) return undefined;
    const member = canonicalEnum(value, members);
    if (member === undefined)
      throw WebApiFailure.invalid(`Error converting value ${JSON.stringify(value)} to type '${field}'`);
    return member;
  },

  /** An array (absent → undefined). */
  array(value: unknown, field: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw WebApiFailure.invalid(`${field} must be an array`);
    return value as unknown[];
  },
};
