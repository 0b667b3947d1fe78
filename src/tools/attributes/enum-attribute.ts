import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { systemNameInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { defineAttributeTool } from './define-attribute-tool.js';

const enumValue = z.object({
  system_name: systemNameInput('System name of the value, e.g. "status_active".'),
  russian_name: z.string().trim().max(256).optional().describe('Russian name.'),
  english_name: z.string().trim().max(256).optional().describe('English name.'),
  german_name: z.string().trim().max(256).optional().describe('German name.'),
  color: z
    .string()
    .trim()
    .regex(/^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$/, 'a colour is #RRGGBB or #RGB')
    .optional()
    .describe('Display colour, e.g. "#4CAF50".'),
});

/** `edit_or_create_enum_attribute`: a list-of-values attribute (Список значений). */
export const enumAttributeTool = defineAttributeTool({
  name: 'edit_or_create_enum_attribute',
  type: 'Enum',
  label: 'list of values (Список значений)',
  description:
    'Create or edit an enum attribute (RU: атрибут типа «Список значений», перечисление, статус) of a record template: a fixed list of values with names in Russian, English and German and a colour. Display formats: Text (текст), Indicator (индикатор), Badge (бейдж). display_format and enum_values are required on create. On edit, enum_values, when given, is the complete new list (values left out are removed): read the attribute first to keep its values.',
  shape: {
    display_format: z
      .enum(['Text', 'Indicator', 'Badge'])
      .optional()
      .describe('Display format. Required for create.'),
    enum_values: z
      .array(enumValue)
      .min(1)
      .max(500)
      .optional()
      .describe(
        'The values, each with a system_name, at least one of russian_name/english_name/german_name, and an optional colour.',
      ),
  },
  calculated: true,
  requiredOnCreate: ['display_format', 'enum_values'],
  createFlags: ['isTracked'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.display_format !== undefined) out.format = input.display_format;
    if (input.enum_values !== undefined) {
      const seen = new Set<string>();
      out.variants = input.enum_values.map((v) => {
        if (!v.russian_name && !v.english_name && !v.german_name) {
          throw new ToolFailure(
            `The value ${v.system_name} needs a name: give russian_name, english_name or german_name.`,
          );
        }
        if (seen.has(v.system_name)) throw new ToolFailure(`The value ${v.system_name} is listed twice.`);
        seen.add(v.system_name);
        return {
          alias: { type: 'Variant', owner: input.system_name, alias: v.system_name },
          name: {
            ...(v.english_name ? { en: v.english_name } : {}),
            ...(v.german_name ? { de: v.german_name } : {}),
            ...(v.russian_name ? { ru: v.russian_name } : {}),
          },
          ...(v.color ? { color: longHex(v.color) } : {}),
        };
      });
    }
    return out;
  },
});

/** `#RGB` → `#RRGGBB` (the platform stores six digits). */
function longHex(color: string): string {
  return color.length === 4 ? `#${[...color.slice(1)].map((c) => c + c).join('')}`.toUpperCase() : color;
}
