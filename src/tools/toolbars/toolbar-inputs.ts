import { systemNameInput } from '../tool-inputs.js';

/** The toolbar address input. */
export const toolbarInput = systemNameInput('System name of the toolbar, e.g. "EmployeeToolbar".');

/** The button address input. */
export const buttonInput = systemNameInput(
  'System name of the button, e.g. "SendWelcome" (system buttons: create, edit, archive, delete, unarchive).',
);

/**
 * The member of a closed list that a user's word means: exact, then ignoring case, spaces, `_` and `-`.
 * @param value - what was given
 * @param members - the allowed values
 * @param aliases - extra spellings (lower case, no separators) → member
 */
export function canonical<T extends string>(
  value: string,
  members: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  if ((members as readonly string[]).includes(value)) return value as T;
  const key = value.toLowerCase().replace(/[\s_-]+/g, '');
  return aliases[key] ?? members.find((m) => m.toLowerCase() === key);
}
