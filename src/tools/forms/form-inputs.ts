import { z } from 'zod';
import { FORM_ACCESS_TYPES, FORM_SIZES } from '../../platform/schemas/form-model.js';
import { systemNameInput } from '../tool-inputs.js';

/** The form address input. */
export const formInput = systemNameInput(
  'System name of the form, e.g. "defaultForm" (every template has one).',
);

/** `form_size` → `formSize`. */
export const formSizeInput = z
  .enum(FORM_SIZES)
  .describe('Size of the form when it opens as a dialog: Undefined, Common, Small or Large.');

/** `verify`: check the saved form. */
export const verifyInput = z
  .boolean()
  .default(true)
  .describe(
    'Check the saved form has fields (and, for generated forms, exactly the expected ones); when the check fails the previous form is restored. Default true.',
  );

/** One entry of `widgets`: how to show an attribute on the form. */
export const widgetInput = z
  .looseObject({
    label: z.string().max(500).optional().describe('Label shown next to the field.'),
    helpText: z.string().max(2000).optional().describe('Help text under the field.'),
    placeholder: z.string().max(500).optional().describe('Placeholder in an empty field.'),
    accessType: z.enum(FORM_ACCESS_TYPES).optional().describe('Editable, Readonly, Required or Hidden.'),
    width: z.number().int().min(0).max(10_000).optional().describe('Width of the field (0 = automatic).'),
    remove: z.boolean().optional().describe('true removes the field from the form.'),
  })
  .describe('Changes of one field; other keys are set on the field component as given.');
