import { z } from 'zod';
import { ToolFailure } from './tool-failure.js';

// Characters that would change the route or break `Type@template.alias` if they were part of a system name.
const UNSAFE_IN_NAME = /[\s/\\?#%@.:]/u;
const NEW_SYSTEM_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * A system name (alias) input: trimmed, non-empty, without characters that would change the request's route.
 * Existing names are accepted as the platform spells them (Latin, Cyrillic, digits, underscores).
 * @param description - what it names, in English with the Russian term
 */
export function systemNameInput(description: string) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(128)
    .refine(
      (s) => !UNSAFE_IN_NAME.test(s),
      'a system name has no spaces, dots, slashes, "@", "?", "#", "%" or ":"',
    )
    .describe(description);
}

/** The application input of every platform tool. */
export const applicationInput = systemNameInput(
  'System name of the application (solution), e.g. "Fleetmanagement".',
);

/** The template input of template-scoped tools. */
export const templateInput = systemNameInput('System name of the record template, e.g. "Cars".');

/**
 * Checks a system name for something about to be created: letters (Latin or Cyrillic), digits and underscores,
 * not starting with a digit.
 * @param name - the new system name
 * @param what - what is created, for the message
 * @throws ToolFailure 400 naming the rule
 */
export function assertNewSystemName(name: string, what: string): void {
  if (!NEW_SYSTEM_NAME.test(name)) {
    throw new ToolFailure(
      `"${name}" is not a valid system name for a new ${what}: use letters, digits and "_" only, not starting with a digit (e.g. "FullName").`,
    );
  }
}
