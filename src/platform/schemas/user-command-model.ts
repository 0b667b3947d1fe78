import { z } from 'zod';
import { globalAliasSchema } from './global-alias.js';

/** `UserCommandRelatedActionModel`: what a Create-kind button opens (template and form). */
export const relatedActionSchema = z.looseObject({
  containerGlobalAlias: globalAliasSchema.nullish(),
  templateGlobalAlias: globalAliasSchema.nullish(),
  formGlobalAlias: globalAliasSchema.nullish(),
  propertyPath: z.string().nullish(),
});

/**
 * `UserCommandConfigurationModel` (web_api_v1): a button (кнопка, user command) of a template. Enum fields are
 * read as strings so a value the spec misses does not break a read.
 */
export const userCommandModelSchema = z.looseObject({
  globalAlias: globalAliasSchema.nullish(),
  container: globalAliasSchema.nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  isSystem: z.boolean().nullish(),
  isDisabled: z.boolean().nullish(),
  isPrepare: z.boolean().nullish(),
  skipValidation: z.boolean().nullish(),
  context: z.string().nullish(),
  multiplicity: z.string().nullish(),
  kind: z.string().nullish(),
  resultType: z.string().nullish(),
  confirmationModelConfiguration: z.looseObject({}).nullish(),
  scriptRule: z.looseObject({}).nullish(),
  conditionRule: z.string().nullish(),
  relatedAction: relatedActionSchema.nullish(),
  relatedEntityGlobalAlias: globalAliasSchema.nullish(),
  lockStateChangeType: z.string().nullish(),
  lockStateVisibilityType: z.string().nullish(),
  isConfirmationActive: z.boolean().nullish(),
  navigationTarget: z.string().nullish(),
});

/** A button as read from (or written to) the platform. */
export type UserCommandModel = z.infer<typeof userCommandModelSchema>;

/** `UserCommandConfigurationModel.kind` values of the spec. */
export const BUTTON_KINDS = [
  'Undefined',
  'Create',
  'Edit',
  'Delete',
  'Archive',
  'Unarchive',
  'ExportObject',
  'ExportList',
  'CreateRelated',
  'CreateToken',
  'RetryTokens',
  'Migrate',
  'StartCase',
  'StartLinkedCase',
  'StartProcess',
  'StartLinkedProcess',
  'CompleteTask',
  'ReassignTask',
  'Defer',
  'Accept',
  'Uncomplete',
  'Follow',
  'Unfollow',
  'Exclude',
  'Include',
  'Script',
  'Cancel',
  'EditDiagram',
  'UserEvent',
] as const;

/** `context` values of the spec. */
export const BUTTON_CONTEXTS = [
  'Undefined',
  'Void',
  'Any',
  'Task',
  'Case',
  'Record',
  'Model',
  'Process',
  'List',
  'Form',
  'Page',
  'Container',
  'Diagram',
] as const;

/** `multiplicity` values of the spec. */
export const BUTTON_MULTIPLICITIES = ['Undefined', 'OneByOne', 'Package'] as const;

/** `resultType` values of the spec. */
export const BUTTON_RESULT_TYPES = [
  'Undefined',
  'None',
  'DataChange',
  'Notificate',
  'Navigate',
  'File',
  'Reload',
] as const;

/** `navigationTarget` values of the spec. */
export const BUTTON_NAVIGATION_TARGETS = [
  'Undefined',
  'ProcessInstance',
  'CurrentRecord',
  'BusinessRecord',
  'ProcessInstanceTask',
  'NextTaskInContainer',
  'DatasetForContainer',
  'TaskDataset',
  'Diagram',
  'GoBack',
  'Desktop',
] as const;
