import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { compact } from '../compact.js';
import { fromWireFileFormats } from './file-extensions.js';

const FLAGS = [
  'isSystem',
  'isDisabled',
  'isUnique',
  'isIndexed',
  'isTracked',
  'isDigitGrouping',
  'isMultiValue',
  'isTitle',
  'isMandatory',
  'isOwnership',
  'isCalculated',
  'isReadonly',
] as const;

/**
 * An attribute in the compact form tools answer with: `globalAlias` flattened to `alias` and `template`, the
 * linked template or mutual attribute of record links as `relatedTemplate`/`relatedAttribute`, enum values as
 * `{alias, ru, en, de, color}`. The other names are the platform's (`isDisabled` = archived, `isTitle` = record
 * title, `isIndexed` = used to search records, `isTracked` = changes logged).
 * @param model - the attribute as the platform returned it
 * @param options - `full: false` leaves out false flags (lists); `full: true` keeps every flag (single reads)
 */
export function summarizeAttribute(
  model: AttributeModel,
  options: { full: boolean },
): Record<string, unknown> {
  const link = model.instanceGlobalAlias;
  const mutual = link?.type === 'Attribute';
  const flags: Record<string, boolean> = {};
  for (const flag of FLAGS) {
    const value = model[flag] === true;
    if (value || options.full) flags[flag] = value;
  }
  return compact({
    alias: model.globalAlias?.alias,
    template: model.globalAlias?.owner,
    name: model.name,
    description: model.description,
    type: model.type,
    format: model.format && model.format !== 'Undefined' ? model.format : undefined,
    ...flags,
    expression: model.expression,
    validationMaskRegex: model.validationMaskRegex,
    decimalPlaces: model.decimalPlaces,
    fileFormat:
      model.fileFormat && model.fileFormat.length > 0 ? fromWireFileFormats(model.fileFormat) : undefined,
    relatedTemplate: link ? (mutual ? link.owner : link.alias) : undefined,
    relatedAttribute: mutual ? link.alias : undefined,
    imageColorType: model.type === 'Image' ? model.imageColorType : undefined,
    imageWidth: model.imageWidth,
    imageHeight: model.imageHeight,
    imagePreserveAspectRatio: model.type === 'Image' ? model.imagePreserveAspectRatio : undefined,
    variants: model.variants?.map((v) =>
      compact({ alias: v.alias?.alias, ru: v.name?.ru, en: v.name?.en, de: v.name?.de, color: v.color }),
    ),
  });
}
