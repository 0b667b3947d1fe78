/**
 * Property names of the web_api_v1.json models the simulator binds request bodies to (case-insensitively,
 * see `bindModel`). platform-contract.test.ts checks each list equals the model's properties in the OpenAPI
 * file, plus the documented extras in {@link MODEL_KEY_EXTRAS}.
 */

/** `SolutionInfoModel`. */
export const SOLUTION_KEYS = ['alias', 'name', 'description', 'isDefault'] as const;

/** `TemplateInfoModel`. */
export const TEMPLATE_KEYS = [
  'name',
  'description',
  'globalAlias',
  'isDisabled',
  'relatedTemplate',
  'isReferenceData',
  'isTransferable',
  'keyProperty',
  'conversationDisplayConfig',
  'type',
] as const;

/** `AttributeModel`. */
export const ATTRIBUTE_KEYS = [
  'globalAlias',
  'type',
  'format',
  'name',
  'description',
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
  'errorMessageExpression',
  'valueValidationExpression',
  'expression',
  'fileFormat',
  'uriSchemeFormats',
  'instanceGlobalAlias',
  'imageWidth',
  'imageHeight',
  'imageColorType',
  'imagePreserveAspectRatio',
  'imageXResolution',
  'imageYResolution',
  'decimalPlaces',
  'validationMaskRegex',
  'variants',
] as const;

/** `ObjectPropertyVariantValueModel` (an enum value). */
export const VARIANT_KEYS = ['alias', 'name', 'color'] as const;

/** `LocalizedTextModel`. */
export const LOCALIZED_TEXT_KEYS = ['en', 'de', 'ru'] as const;

/** `FormModel`. */
export const FORM_KEYS = [
  'globalAlias',
  'type',
  'container',
  'formSize',
  'isDefault',
  'root',
  'name',
  'formRules',
  'origination',
  'toolbar',
  'withSimpleToolbar',
  'searchFormSourceType',
] as const;

/** `DatasetModel` plus `totals`, which the dataset tool sends though the spec lacks it. */
export const DATASET_KEYS = [
  'globalAlias',
  'container',
  'isLazyLoading',
  'name',
  'columns',
  'paging',
  'sorting',
  'viewType',
  'filter',
  'grouping',
  'systemFilterExpression',
  'sourcePrototype',
  'childProperty',
  'toolbar',
  'isDefault',
  'showDisabled',
  'stickedColumnCount',
  'card',
  'totals',
] as const;

/** `ToolbarModel`. */
export const TOOLBAR_KEYS = [
  'globalAlias',
  'container',
  'name',
  'isDefaultForLists',
  'isDefaultForForms',
  'isDefaultForProcess',
  'isDefaultForProcessDesigner',
  'isDefaultForModelDesigner',
  'isDefaultForTaskLists',
  'items',
] as const;

/** `ToolbarItemModel`. */
export const TOOLBAR_ITEM_KEYS = [
  'action',
  'collectionAction',
  'name',
  'description',
  'order',
  'type',
  'iconType',
  'iconClass',
  'severity',
  'childrenItems',
] as const;

/** `UserCommandConfigurationModel`. */
export const USER_COMMAND_KEYS = [
  'globalAlias',
  'container',
  'name',
  'description',
  'isSystem',
  'isDisabled',
  'isPrepare',
  'skipValidation',
  'context',
  'multiplicity',
  'kind',
  'resultType',
  'confirmationModelConfiguration',
  'scriptRule',
  'conditionRule',
  'relatedAction',
  'relatedEntityGlobalAlias',
  'lockStateChangeType',
  'lockStateVisibilityType',
  'isConfirmationActive',
  'navigationTarget',
] as const;

/** Keys a list above carries beyond the OpenAPI model (spec gaps documented in platform-api.md). */
export const MODEL_KEY_EXTRAS: Record<string, readonly string[]> = { DatasetModel: ['totals'] };
