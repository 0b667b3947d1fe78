import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { recordTitleInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** Display formats of date/time attributes (`TimeTracker` is used by the platform but missing from the spec). */
export const DATE_TIME_FORMATS = [
  'DateISO',
  'YearMonth',
  'TimeTracker',
  'DateTimeISO',
  'ShortDateLongTime',
  'ShortDateShortTime',
  'CondensedDateTime',
  'MonthDay',
  'CondensedDate',
  'ShortDate',
  'LongDate',
  'LongDateLongTime',
  'LongDateShortTime',
] as const;

/** `edit_or_create_date_time_attribute`: a date and time attribute (Дата и время). */
export const dateTimeAttributeTool = defineAttributeTool({
  name: 'edit_or_create_date_time_attribute',
  type: 'DateTime',
  label: 'date and time (Дата и время)',
  description:
    'Create or edit a date/time attribute (RU: атрибут типа «Дата и время») of a record template. Display formats: DateISO (1986-09-04), YearMonth (сентябрь 1986), TimeTracker (остался 1 д 12 ч), DateTimeISO (1986-09-04 03:30:00), ShortDateLongTime (04.09.1986 03:30:00), ShortDateShortTime (04.09.1986 03:30), CondensedDateTime (4 сент. 1986 г. 03:30), MonthDay (4 сентября), CondensedDate (4 сент. 1986 г.), ShortDate (4.09.1986), LongDate (4 сентября 1986 г.), LongDateLongTime, LongDateShortTime. display_format is required on create. On edit, only the given fields change.',
  shape: {
    display_format: z.enum(DATE_TIME_FORMATS).optional().describe('Display format. Required for create.'),
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
