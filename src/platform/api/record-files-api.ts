import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import {
  documentModelSchema,
  imageContentSchema,
  type DocumentModel,
  type ImageContent,
} from '../schemas/file-models.js';

/** What {@link setObjectDocument} stores. */
export interface NewRecordDocument {
  readonly recordId: string;
  /** The document attribute's exact alias. */
  readonly attribute: string;
  readonly fileName: string;
  readonly content: Buffer;
  /** Replace the attribute's files (true) or add to them (multi-value attributes only). */
  readonly replace: boolean;
}

/**
 * `POST api/public/system/TeamNetwork/DocumentService/SetObjectDocument`: stores a file as a document and puts it
 * on a record's document attribute. The bytes travel as a JSON array of integers 0–255, as the platform expects.
 * @returns the platform's answer (the new document's id where it sends one), or null
 */
export async function setObjectDocument(
  client: PlatformClient,
  doc: NewRecordDocument,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.system(platformPath`TeamNetwork/DocumentService/SetObjectDocument`, {
    body: {
      objectId: doc.recordId,
      propertyAlias: doc.attribute,
      fileName: doc.fileName,
      fileData: Array.from(doc.content),
      replace: doc.replace,
    },
    schema: z
      .union([z.string(), z.number().transform(String)])
      .nullish()
      .transform((v) => v ?? null),
    signal,
  });
}

/**
 * `GET webapi/Document/{id}`: a document's metadata (title, extension, dates, revisions).
 * @throws PlatformError `not_found`
 */
export async function getDocument(
  client: PlatformClient,
  documentId: string,
  signal?: AbortSignal,
): Promise<DocumentModel> {
  const model = await client.webApi('GET', platformPath`webapi/Document/${documentId}`, {
    schema: documentModelSchema.nullable(),
    signal,
  });
  return model ?? {};
}

/** A downloaded file's bytes and the type the platform declared. */
export interface DownloadedFile {
  readonly content: Buffer;
  readonly contentType: string | undefined;
}

/** `GET webapi/Document/{id}/Content`: the document's bytes (not JSON; `Accept: *\/*`). */
export async function getDocumentContent(
  client: PlatformClient,
  documentId: string,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const res = await client.raw('GET', platformPath`webapi/Document/${documentId}/Content`, { signal });
  const type: string | string[] | undefined = res.headers['content-type'];
  return { content: res.body, contentType: typeof type === 'string' ? type : type?.[0] };
}

/**
 * `POST webapi/Image/Create` `{name, content: base64}`: stores an image. The platform answers the new image id,
 * bare or in the envelope.
 * @returns the new image's id
 */
export async function createImage(
  client: PlatformClient,
  name: string,
  content: Buffer,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', platformPath`webapi/Image/Create`, {
    body: { name, content: content.toString('base64') },
    schema: z.union([z.string(), z.number().transform(String)]).nullable(),
    signal,
  });
}

/**
 * `GET webapi/Image?imageId={id}`: an image `{name, format, content: base64}` (bare or in the envelope).
 * @throws PlatformError `not_found`
 */
export async function getImage(
  client: PlatformClient,
  imageId: string,
  signal?: AbortSignal,
): Promise<ImageContent> {
  const image = await client.webApi('GET', platformPath`webapi/Image?imageId=${imageId}`, {
    schema: imageContentSchema.nullable(),
    signal,
  });
  return image ?? {};
}
