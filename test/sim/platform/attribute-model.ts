import { bindGlobalAlias, bindModel, canonicalEnum, isJsonObject } from './bind-model.js';
import { read } from './field-readers.js';
import { ATTRIBUTE_KEYS, LOCALIZED_TEXT_KEYS, VARIANT_KEYS } from './platform-models.js';
import {
  ATTRIBUTE_FORMATS,
  ATTRIBUTE_TYPES,
  EXTRA_ATTRIBUTE_FORMATS,
  EXTRA_FILE_FORMATS,
  FILE_FORMATS,
  FORMATS_BY_TYPE,
  IMAGE_COLOR_TYPES,
  URI_SCHEME_FORMATS,
} from './platform-enums.js';
import type { AttributeEntity, PlatformState, TemplateEntity, WireObject } from './platform-state.js';
import { requireValidAlias } from './require-entity.js';
import { WebApiFailure } from './web-api-failure.js';

/** Boolean flags every attribute carries on output (false when unset). */
export const ATTRIBUTE_FLAGS = [
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

const DEFAULT_FORMATS: Record<string, string> = {
  String: 'PlainText',
  DateTime: 'DateTimeISO',
  Duration: 'DurationHMS',
  Enum: 'Text',
  Document: 'Attachment',
  Process: 'Link',
};

const ACCOUNT_TEMPLATE = '_Account';
const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/;

/** The result of validating an attribute create/edit body. */
export interface BuiltAttribute {
  alias: string;
  model: WireObject;
  variantIds: Map<string, string>;
}

/**
 * Validates and normalizes an `AttributeModel` body for `POST`/`PUT webapi/Attribute/{app}` (platform-api.md
 * §3.3, §7.5): the type and format must be known and fit each other, Decimal needs `decimalPlaces`, Instance and
 * Account need a resolvable `instanceGlobalAlias`, Enum needs variants with a name and a `#RRGGBB` colour,
 * `isCalculated` needs an expression. A PUT replaces the model (missing booleans become false, missing texts
 * vanish) but keeps `type` when absent, `isDisabled` when absent and `isSystem`, and keeps the `vv.N` ids of
 * variants whose alias survives.
 */
export function buildAttributeModel(
  state: PlatformState,
  template: TemplateEntity,
  body: unknown,
  existing?: AttributeEntity,
): BuiltAttribute {
  const bound = bindModel(body, ATTRIBUTE_KEYS);
  if (!bound) throw WebApiFailure.nullArgument('attribute');
  const globalAlias = bindGlobalAlias(bound.globalAlias);
  const alias = existing?.alias ?? requireValidAlias(globalAlias?.alias);

  const type =
    read.enumValue(bound.type, ATTRIBUTE_TYPES, 'Comindware.Platform.Contracts.AttributeType') ??
    (existing?.model.type as string | undefined);
  if (type === undefined) throw WebApiFailure.invalid(`Attribute type is required for ${alias}`);

  const model: WireObject = { type };
  const format =
    read.enumValue(
      bound.format,
      [...ATTRIBUTE_FORMATS, ...EXTRA_ATTRIBUTE_FORMATS],
      'Comindware.Platform.Contracts.AttributeFormat',
    ) ??
    DEFAULT_FORMATS[type] ??
    'Undefined';
  const allowed = FORMATS_BY_TYPE[type as keyof typeof FORMATS_BY_TYPE] ?? [];
  if (format !== 'Undefined' && !allowed.includes(format))
    throw WebApiFailure.invalid(`Format ${format} is not supported by attributes of type ${type}`);
  model.format = format;
  model.name = read.text(bound.name, 'name') ?? existing?.model.name ?? alias;
  model.description = read.text(bound.description, 'description');

  for (const flag of ATTRIBUTE_FLAGS) model[flag] = read.boolean(bound[flag], flag) ?? false;
  model.isSystem = existing?.model.isSystem === true;
  if (bound.isDisabled === undefined) model.isDisabled = existing?.model.isDisabled === true;

  for (const key of ['errorMessageExpression', 'valueValidationExpression', 'expression'] as const)
    model[key] = read.text(bound[key], key);
  if (model.isCalculated === true && model.expression === undefined)
    throw WebApiFailure.invalid(`A calculated attribute needs an expression (${alias})`);
  model.validationMaskRegex = read.text(bound.validationMaskRegex, 'validationMaskRegex');

  const fileFormat = read.array(bound.fileFormat, 'fileFormat');
  if (fileFormat) model.fileFormat = fileFormat.map(readFileFormat);
  const uriSchemes = read.array(bound.uriSchemeFormats, 'uriSchemeFormats');
  if (uriSchemes)
    model.uriSchemeFormats = uriSchemes.map((scheme) =>
      read.enumValue(scheme, URI_SCHEME_FORMATS, 'Comindware.Platform.Contracts.UriSchemeFormat'),
    );

  if (type === 'Decimal') {
    const decimalPlaces =
      read.integer(bound.decimalPlaces, 'decimalPlaces') ??
      (existing?.model.type === 'Decimal' ? (existing.model.decimalPlaces as number | undefined) : undefined);
    if (decimalPlaces === undefined)
      throw WebApiFailure.invalid(`decimalPlaces is required for the Decimal attribute ${alias}`);
    if (decimalPlaces < 0 || decimalPlaces > 15)
      throw WebApiFailure.invalid(`decimalPlaces must be between 0 and 15, got ${decimalPlaces}`);
    model.decimalPlaces = decimalPlaces;
  }

  if (type === 'Instance' || type === 'Account') {
    model.instanceGlobalAlias = readInstanceLink(state, template, bound.instanceGlobalAlias, type, alias);
  }

  if (type === 'Image') {
    model.imageColorType =
      read.enumValue(
        bound.imageColorType,
        IMAGE_COLOR_TYPES,
        'Comindware.Platform.Contracts.ImageColorType',
      ) ?? 'Original';
    model.imageWidth = read.integer(bound.imageWidth, 'imageWidth');
    model.imageHeight = read.integer(bound.imageHeight, 'imageHeight');
    model.imagePreserveAspectRatio =
      read.boolean(bound.imagePreserveAspectRatio, 'imagePreserveAspectRatio') ?? false;
    model.imageXResolution = read.number(bound.imageXResolution, 'imageXResolution');
    model.imageYResolution = read.number(bound.imageYResolution, 'imageYResolution');
  }

  const variantIds = new Map<string, string>();
  if (type === 'Enum') {
    const variants = read.array(bound.variants, 'variants');
    if (!variants || variants.length === 0)
      throw WebApiFailure.invalid(`An Enum attribute needs at least one value (${alias})`);
    model.variants = variants.map((variant) => {
      const built = readVariant(variant, alias);
      if (variantIds.has(built.alias)) throw WebApiFailure.duplicateAlias(built.alias, `Attribute@${alias}`);
      variantIds.set(built.alias, existing?.variantIds.get(built.alias) ?? state.nextId('vv'));
      return built.model;
    });
  }
  return { alias, model, variantIds };
}

function readFileFormat(value: unknown): string {
  const member = canonicalEnum(value, FILE_FORMATS) ?? canonicalEnum(value, EXTRA_FILE_FORMATS);
  if (member === undefined)
    throw WebApiFailure.invalid(
      `Error converting value ${JSON.stringify(value)} to type 'Comindware.Platform.Contracts.FileFormat'`,
    );
  return member;
}

function readInstanceLink(
  state: PlatformState,
  template: TemplateEntity,
  value: unknown,
  type: string,
  alias: string,
): WireObject {
  const link = bindGlobalAlias(value);
  if (!link?.alias) {
    if (type === 'Account') return { type: 'RecordTemplate', alias: ACCOUNT_TEMPLATE };
    throw WebApiFailure.invalid(`instanceGlobalAlias is required for the ${type} attribute ${alias}`);
  }
  const linkType = link.type ?? 'RecordTemplate';
  if (type === 'Account') {
    const target = state.templateByAlias(template.solutionId, link.alias);
    if (link.alias !== ACCOUNT_TEMPLATE && target?.kind !== 'Account')
      throw WebApiFailure.notFound(`Account template ${link.alias}`);
    return { type: linkType, alias: link.alias };
  }
  if (linkType.toLowerCase() === 'attribute') {
    const owner =
      link.owner === undefined ? undefined : state.templateByAlias(template.solutionId, link.owner);
    const back = owner && state.childByAlias(state.attributes, owner.id, link.alias);
    if (!owner || !back) throw WebApiFailure.notFound(`Attribute@${link.owner ?? ''}.${link.alias}`);
    if (back.model.type !== 'Instance')
      throw WebApiFailure.invalid(`Attribute@${owner.alias}.${back.alias} is not a record attribute`);
    return { type: 'Attribute', owner: owner.alias, alias: back.alias };
  }
  const target = state.templateByAlias(template.solutionId, link.alias);
  if (!target) throw WebApiFailure.notFound(`Template ${link.alias}`);
  return { type: `${target.kind}Template`, alias: target.alias };
}

function readVariant(value: unknown, attributeAlias: string): { alias: string; model: WireObject } {
  const bound = bindModel(value, VARIANT_KEYS);
  if (!bound) throw WebApiFailure.invalid('An enum value must be an object');
  const alias = requireValidAlias(bindGlobalAlias(bound.alias)?.alias);
  const name = bindModel(bound.name, LOCALIZED_TEXT_KEYS) ?? {};
  const texts: WireObject = {};
  for (const language of LOCALIZED_TEXT_KEYS) {
    const text = read.text(name[language], `name.${language}`);
    if (text !== undefined) texts[language] = text;
  }
  if (Object.keys(texts).length === 0)
    throw WebApiFailure.invalid(`The enum value ${alias} needs a name in at least one language`);
  const color = read.text(bound.color, 'color');
  if (color !== undefined && !COLOR_PATTERN.test(color))
    throw WebApiFailure.invalid(`Invalid color ${color} of the enum value ${alias}`);
  return {
    alias,
    model: { alias: { type: 'Variant', owner: attributeAlias, alias }, name: texts, color },
  };
}

/** `AttributeModel` on the wire: global alias, then the model in the spec's property order. */
export function attributeToWire(attribute: AttributeEntity, template: TemplateEntity): WireObject {
  const out: WireObject = {
    globalAlias: { type: 'Attribute', owner: template.alias, alias: attribute.alias },
  };
  for (const key of ATTRIBUTE_KEYS) {
    if (key === 'globalAlias') continue;
    const value = attribute.model[key];
    if (value !== undefined) out[key] = value;
  }
  if (Array.isArray(out.variants))
    out.variants = (out.variants as unknown[]).map((variant) =>
      isJsonObject(variant) && isJsonObject(variant.alias)
        ? { ...variant, alias: { ...variant.alias, owner: attribute.alias } }
        : variant,
    );
  return out;
}
