import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { recordTitleInput, uniquenessInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_numeric_attribute`: a number attribute (Число), stored as `Decimal`. */
export const numericAttributeTool = defineAttributeTool({
  name: 'edit_or_create_numeric_attribute',
  type: 'Decimal',
  label: 'number (Число)',
  description:
    'Create or edit a numeric attribute (RU: атрибут типа «Число», числовой) of a record template, with a number of decimal places (0: 123, 1: 123.4, 2: 123.45). number_decimal_places is required on create. On edit, only the given fields change.',
  shape: {
    number_decimal_places: z
      .number()
      .int()
      .min(0)
      .max(15)
      .optional()
      .describe('Digits after the decimal point, 0–15. Required for create.'),
    control_uniqueness: uniquenessInput,
    use_as_record_title: recordTitleInput,
    group_digits_numbers: z.boolean().optional().describe('Show thousands separators.'),
  },
  calculated: true,
  requiredOnCreate: ['number_decimal_places'],
  createFlags: ['isUnique', 'isTitle', 'isDigitGrouping', 'isTracked'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.number_decimal_places !== undefined) out.decimalPlaces = input.number_decimal_places;
    if (input.control_uniqueness !== undefined) out.isUnique = input.control_uniqueness;
    if (input.use_as_record_title !== undefined) out.isTitle = input.use_as_record_title;
    if (input.group_digits_numbers !== undefined) out.isDigitGrouping = input.group_digits_numbers;
    return out;
  },
});
