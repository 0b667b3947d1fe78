import { z } from 'zod';
import { applicationInput, systemNameInput, templateInput } from '../tool-inputs.js';

/**
 * The inputs every `edit_or_create_*_attribute` tool shares, named as in the original. On create, a flag left
 * out is false; on edit, anything left out keeps its current value (the tool reads the attribute, merges the
 * changes and writes the whole model back, as the platform requires).
 */
export const commonAttributeShape = {
  operation: z.enum(['create', 'edit']).describe('create a new attribute, or edit an existing one.'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .describe('Display name of the attribute. Required for create.'),
  system_name: systemNameInput(
    'System name of the attribute: letters, digits and "_", not starting with a digit, e.g. "FullName".',
  ),
  application_system_name: applicationInput,
  template_system_name: templateInput,
  description: z.string().max(4000).optional().describe('Description of the attribute.'),
  write_changes_to_the_log: z.boolean().optional().describe('Log changes of the value.'),
};

/** Calculation inputs, for the types that support calculated values. */
export const calculationShape = {
  calculate_value: z
    .boolean()
    .optional()
    .describe(
      'Calculate the value automatically with expression_for_calculation. Turned on when an expression is given; false turns calculation off.',
    ),
  expression_for_calculation: z
    .string()
    .max(8000)
    .optional()
    .describe('Expression that calculates the value, as the user gives it.'),
};

/** `control_uniqueness` → `isUnique`. */
export const uniquenessInput = z.boolean().optional().describe('Require unique values.');

/** `use_as_record_title` → `isTitle`. */
export const recordTitleInput = z.boolean().optional().describe('Use the value as the record title.');

/** `use_to_search_records` → `isIndexed`. */
export const searchInput = z.boolean().optional().describe('Let users search records by this value.');

/** `store_multiple_values` → `isMultiValue`. */
export const multipleValuesInput = z.boolean().optional().describe('Store several values.');
