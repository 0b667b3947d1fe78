import { z } from 'zod';

/** `DocumentModel` (web_api_v1): a stored file's metadata; the file name is `title` + `.` + `extension`. */
export const documentModelSchema = z.looseObject({
  id: z.string().nullish(),
  creator: z.string().nullish(),
  creationDate: z.string().nullish(),
  lastWriteDate: z.string().nullish(),
  lastReadDate: z.string().nullish(),
  isDeleted: z.boolean().nullish(),
  owner: z.string().nullish(),
  title: z.string().nullish(),
  currentRevision: z.string().nullish(),
  previewUri: z.string().nullish(),
  revisions: z.array(z.string()).nullish(),
  currentRefisionRef: z.looseObject({}).nullish(),
  extension: z.string().nullish(),
});

/** A document's metadata as read from the platform. */
export type DocumentModel = z.infer<typeof documentModelSchema>;

/**
 * `ImageContentModel` (web_api_v1): an image with its content in base64. `GET webapi/Image` answers it bare,
 * without the Web API envelope (platform-api.md §2.1); the client accepts both.
 */
export const imageContentSchema = z.looseObject({
  format: z.string().nullish(),
  name: z.string().nullish(),
  content: z.string().nullish(),
});

/** An image as read from the platform. */
export type ImageContent = z.infer<typeof imageContentSchema>;

/** `FileContentModel` (web_api_v1): the body of `POST webapi/Image/Create`. */
export const fileContentSchema = z.looseObject({
  name: z.string().nullish(),
  content: z.string().nullish(),
});

/** The body of an image upload. */
export type FileContent = z.infer<typeof fileContentSchema>;
