import { z } from 'zod';
import { systemNameInput } from '../tool-inputs.js';

/** The dataset address input. */
export const datasetInput = systemNameInput(
  'System name of the dataset, e.g. "defaultList" (every template has one).',
);

/** A property path element `{type, owner, alias}` (kept terse: it appears in every rule of the schema). */
export const pathElementInput = z.object({
  type: z.string().max(64).optional(),
  owner: z.string().max(128).optional(),
  alias: z.string().min(1).max(128),
});

/**
 * A property path given either as `attribute` — `"Alias"` (an attribute of this template) or `"Owner.Alias"`
 * (`"System#.isDisabled"` for the archived flag), as get_dataset shows them — or as a full `propertyPath`.
 */
export const pathShape = {
  attribute: z
    .string()
    .trim()
    .min(1)
    .max(260)
    .optional()
    .describe('"Alias" of this template, or "Owner.Alias" (e.g. "System#.isDisabled").'),
  propertyPath: z
    .array(pathElementInput)
    .min(1)
    .max(10)
    .optional()
    .describe('Full path, instead of attribute.'),
};

/** `columns`: column edits by attribute system name; null deletes. */
export const columnEditInput = z
  .object({
    name: z.string().max(256).optional().describe('Column header.'),
    isHidden: z.boolean().optional().describe('Hide the column.'),
    layout: z
      .object({ flex: z.number().min(0).optional(), width: z.number().min(0).optional() })
      .optional()
      .describe('Width: flex share, or a fixed width.'),
    propertyPath: pathShape.propertyPath,
    _delete: z.boolean().optional().describe('true deletes the column (same as null).'),
  })
  .nullable();

/** One sort rule. */
export const sortingInput = z.object({
  ...pathShape,
  direction: z.enum(['Asc', 'Desc']).default('Asc').describe('Asc or Desc.'),
  nullValuesOnTop: z.boolean().default(false).describe('Empty values first.'),
});

/** One total (summary) rule. */
export const totalInput = z.looseObject({
  ...pathShape,
  aggregationMethod: z.string().trim().min(1).max(64).describe('Count, Sum, Average, Min, Max…'),
  type: z.string().trim().max(64).optional().describe('Value type, e.g. Number, String, Boolean.'),
});

/** One grouping rule. */
export const groupingInput = z.looseObject({
  ...pathShape,
  name: z.string().max(256).optional().describe('Group name.'),
  direction: z.enum(['Asc', 'Desc']).optional().describe('Asc or Desc.'),
  level: z.number().int().min(1).max(10).optional().describe('Nesting level, from 1.'),
});
