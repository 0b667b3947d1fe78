import { z } from 'zod';
import { globalAliasSchema } from './global-alias.js';

/** `ObjectConversationDisplayConfigModel`: how a template shows discussions. */
export const conversationDisplayConfigSchema = z.looseObject({
  disableSidePanelConversations: z.boolean().nullish(),
  disableWidgetConversations: z.boolean().nullish(),
  prohibitedReferenceTypes: z.array(z.string()).nullish(),
  hideArchivedMessages: z.boolean().nullish(),
});

/**
 * `TemplateInfoModel`: a record, process or account template, as `webapi/{Kind}Template/List/{app}` lists it.
 * `type` is the template kind (`Record`, `Process`, `Account`, …).
 */
export const templateInfoSchema = z.looseObject({
  name: z.string().nullish(),
  description: z.string().nullish(),
  globalAlias: globalAliasSchema.nullish(),
  isDisabled: z.boolean().nullish(),
  relatedTemplate: globalAliasSchema.nullish(),
  isReferenceData: z.boolean().nullish(),
  isTransferable: z.boolean().nullish(),
  keyProperty: z.string().nullish(),
  conversationDisplayConfig: conversationDisplayConfigSchema.nullish(),
  type: z.string().nullish(),
});

/** A template as read from the platform. */
export type TemplateInfo = z.infer<typeof templateInfoSchema>;
