import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { recordTitleInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** Display formats of duration attributes. */
export const DURATION_FORMATS = [
  'DurationHMS',
  'DurationHM',
  'DurationHMSTime',
  'DurationD8HM',
  'DurationD24HM',
  'DurationFullShort',
  'DurationHMTime',
] as const;

/** `edit_or_create_duration_attribute`: a duration attribute (Длительность). */
export const durationAttributeTool = defineAttributeTool({
  name: 'edit_or_create_duration_attribute',
  type: 'Duration',
  label: 'duration (Длительность)',
  description:
    'Create or edit a duration attribute (RU: атрибут типа «Длительность», продолжительность) of a record template. Display formats: DurationHMS (2 ч 55 м 59 с), DurationHM (2 ч 55 м), DurationHMSTime (2:55:59), DurationD8HM (3 д 12 ч 55 м, 8-hour day), DurationD24HM (1 д 12 ч 55 м, 24-hour day), DurationFullShort (1 д 12 ч 55 м 59 с), DurationHMTime (2:55); required on create. On edit, only the given fields change.',
  shape: {
    display_format: z.enum(DURATION_FORMATS).optional().describe('Display format. Required for create.'),
    use_as_record_title: recordTitleInput,
  },
  calculated: true,
  requiredOnCreate: ['display_format'],
  createFlags: ['isTitle', 'isTracked'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.display_format !== undefined) out.format = input.display_format;
    if (input.use_as_record_title !== undefined) out.isTitle = input.use_as_record_title;
    return out;
  },
});
