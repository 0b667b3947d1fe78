import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { ToolFailure } from '../tool-failure.js';
import { recordTitleInput, searchInput, uniquenessInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** Display formats of text attributes (`AttributeModel.format` for `String`). */
export const TEXT_FORMATS = [
  'PlainText',
  'MarkedText',
  'HtmlText',
  'LicensePlateNumberRuMask',
  'IndexRuMask',
  'PassportRuMask',
  'INNMask',
  'OGRNMask',
  'IndividualINNMask',
  'PhoneRuMask',
  'EmailMask',
  'CustomMask',
] as const;

/** The input mask (`validationMaskRegex`) each predefined mask format implies, as the platform's tools send it. */
export const TEXT_FORMAT_MASKS: Readonly<Partial<Record<(typeof TEXT_FORMATS)[number], string>>> = {
  LicensePlateNumberRuMask: '([АВЕКМНОРСТУХавекмнорстух]{1}[0-9]{3}[АВЕКМНОРСТУХавекмнорстух]{2} [0-9]{3})',
  IndexRuMask: '([0-9]{6})',
  PassportRuMask: '([0-9]{4} [0-9]{6})',
  INNMask: '([0-9]{10})',
  OGRNMask: '([0-9]{13})',
  IndividualINNMask: '([0-9]{12})',
  PhoneRuMask: '(\\+7 \\([0-9]{3}\\) [0-9]{3}-[0-9]{2}-[0-9]{2})',
  EmailMask: '^(([a-zа-яё0-9_-]+\\.)*[a-zа-яё0-9_-]+@[a-zа-яё0-9-]+(\\.[a-zа-яё0-9-]+)*\\.[a-zа-яё]{2,6})?$',
};

/** `edit_or_create_text_attribute`: a text attribute (Текст), with display formats and input masks. */
export const textAttributeTool = defineAttributeTool({
  name: 'edit_or_create_text_attribute',
  type: 'String',
  label: 'text (Текст)',
  description:
    'Create or edit a text attribute (RU: атрибут типа «Текст», строка) of a record template. Display formats: PlainText, MarkedText, HtmlText, and input masks for Russian data — LicensePlateNumberRuMask (госномер), IndexRuMask (почтовый индекс), PassportRuMask (паспорт), INNMask (ИНН организации), OGRNMask (ОГРН), IndividualINNMask (ИНН физлица), PhoneRuMask (телефон), EmailMask (e-mail) — or CustomMask with your own regular expression in custom_mask. On edit, only the given fields change.',
  shape: {
    display_format: z
      .enum(TEXT_FORMATS)
      .optional()
      .describe('Display format. Defaults to PlainText on create. CustomMask needs custom_mask.'),
    custom_mask: z
      .string()
      .max(2000)
      .optional()
      .describe('Regular expression of the input mask; only with display_format CustomMask.'),
    control_uniqueness: uniquenessInput,
    use_as_record_title: recordTitleInput,
    use_to_search_records: searchInput,
  },
  calculated: true,
  createFlags: ['isUnique', 'isIndexed', 'isTitle', 'isTracked'],
  changes: (input, current) => {
    const out: AttributeModel = {};
    const mask = input.custom_mask?.trim();
    if (input.display_format !== undefined) {
      if (input.display_format === 'CustomMask') {
        const keep = current?.format === 'CustomMask' ? current.validationMaskRegex : undefined;
        if (!mask && !keep)
          throw new ToolFailure('display_format CustomMask needs custom_mask (the regular expression).');
        out.format = 'CustomMask';
        out.validationMaskRegex = mask || keep || undefined;
      } else {
        if (mask) throw new ToolFailure('custom_mask is only used with display_format CustomMask.');
        out.format = input.display_format;
        out.validationMaskRegex = TEXT_FORMAT_MASKS[input.display_format];
      }
    } else if (mask) {
      if (current?.format !== 'CustomMask') {
        throw new ToolFailure(
          'custom_mask is only used with display_format CustomMask: give display_format too.',
        );
      }
      out.validationMaskRegex = mask;
    } else if (current === undefined) {
      out.format = 'PlainText';
    }
    if (input.control_uniqueness !== undefined) out.isUnique = input.control_uniqueness;
    if (input.use_as_record_title !== undefined) out.isTitle = input.use_as_record_title;
    if (input.use_to_search_records !== undefined) out.isIndexed = input.use_to_search_records;
    return out;
  },
});
