import { z } from 'zod';

/**
 * `GlobalAlias` (web_api_v1 `Comindware.Platform.Contracts.GlobalAlias`): how the Web API names an entity in
 * bodies. `type` is one of 67 values in the spec (RecordTemplate, Attribute, Form, Variant, Undefined, …); it is
 * read as a plain string so a value the spec misses does not break a read.
 */
export const globalAliasSchema = z.looseObject({
  type: z.string().nullish(),
  owner: z.string().nullish(),
  alias: z.string().nullish(),
  solution: z.string().nullish(),
});

/** A global alias as read from the platform. */
export type GlobalAlias = z.infer<typeof globalAliasSchema>;

/** `LocalizedTextModel`: a text in English, German and Russian. */
export const localizedTextSchema = z.looseObject({
  en: z.string().nullish(),
  de: z.string().nullish(),
  ru: z.string().nullish(),
});

/** A localized text as read from the platform. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;
