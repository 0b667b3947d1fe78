import { z } from 'zod';
import { globalAliasSchema, localizedTextSchema } from './global-alias.js';

/** `ObjectPropertyVariantValueModel`: one value of an enum attribute. */
export const variantSchema = z.looseObject({
  alias: globalAliasSchema.nullish(),
  name: localizedTextSchema.nullish(),
  color: z.string().nullish(),
});

/** One enum value as read from the platform. */
export type Variant = z.infer<typeof variantSchema>;

/**
 * `AttributeModel`: an attribute of a template, as `webapi/Attribute/...` reads and writes it. The spec marks
 * nothing required and the server omits nulls, so every field is optional. `type` and `format` are read as
 * strings: the platform uses values the spec's enums miss (e.g. the `TimeTracker` date format).
 */
export const attributeModelSchema = z.looseObject({
  globalAlias: globalAliasSchema.nullish(),
  type: z.string().nullish(),
  format: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  isSystem: z.boolean().nullish(),
  isDisabled: z.boolean().nullish(),
  isUnique: z.boolean().nullish(),
  isIndexed: z.boolean().nullish(),
  isTracked: z.boolean().nullish(),
  isDigitGrouping: z.boolean().nullish(),
  isMultiValue: z.boolean().nullish(),
  isTitle: z.boolean().nullish(),
  isMandatory: z.boolean().nullish(),
  isOwnership: z.boolean().nullish(),
  isCalculated: z.boolean().nullish(),
  isReadonly: z.boolean().nullish(),
  errorMessageExpression: z.string().nullish(),
  valueValidationExpression: z.string().nullish(),
  expression: z.string().nullish(),
  fileFormat: z.array(z.string()).nullish(),
  uriSchemeFormats: z.array(z.string()).nullish(),
  instanceGlobalAlias: globalAliasSchema.nullish(),
  imageWidth: z.number().nullish(),
  imageHeight: z.number().nullish(),
  imageColorType: z.string().nullish(),
  imagePreserveAspectRatio: z.boolean().nullish(),
  imageXResolution: z.number().nullish(),
  imageYResolution: z.number().nullish(),
  decimalPlaces: z.number().nullish(),
  validationMaskRegex: z.string().nullish(),
  variants: z.array(variantSchema).nullish(),
});

/** An attribute as read from (or written to) the platform. */
export type AttributeModel = z.infer<typeof attributeModelSchema>;

/**
 * The attribute data types of the spec's `AttributeModel.type` enum that the attribute tools create. `Instance` is
 * what users call a record (link) attribute.
 */
export const ATTRIBUTE_TYPES = [
  'String',
  'Boolean',
  'DateTime',
  'Decimal',
  'Duration',
  'Document',
  'Image',
  'Drawing',
  'Enum',
  'Instance',
  'Role',
  'Account',
] as const;

/** An attribute data type a tool can create. */
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
