import { bindModel } from './bind-model.js';
import { read } from './field-readers.js';
import type { DocumentEntity, ImageEntity, PlatformState } from './platform-state.js';
import { BinaryBody, queryValue, systemCoreRoute, webApiRoute, type Route } from './route.js';
import { WebApiFailure } from './web-api-failure.js';

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  bmp: 'image/bmp',
  gif: 'image/gif',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

/** The MIME type the simulator sends for a file extension (application/octet-stream when unknown). */
export function contentTypeOf(extension: string): string {
  return CONTENT_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}

/** Splits `report.final.pdf` into title `report.final` and extension `pdf`. */
export function splitFileName(fileName: string): { title: string; extension: string } {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return { title: base, extension: '' };
  return { title: base.slice(0, dot), extension: base.slice(dot + 1) };
}

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes strict base64 (whitespace ignored), or throws success:false. */
export function decodeBase64(text: string, field: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64_PATTERN.test(compact))
    throw WebApiFailure.invalid(`${field} is not valid base64`);
  return Buffer.from(compact, 'base64');
}

/** File bytes as JSON.NET binds a `byte[]`: an array of integers 0–255 or a base64 string. */
function readFileData(value: unknown): Buffer {
  if (typeof value === 'string') return decodeBase64(value, 'fileData');
  if (!Array.isArray(value)) throw WebApiFailure.nullArgument('fileData');
  const bytes = Buffer.alloc(value.length);
  value.forEach((byte, index) => {
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255)
      throw WebApiFailure.invalid(`fileData[${index}] is not a byte`);
    bytes[index] = byte;
  });
  return bytes;
}

function idText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** `DocumentModel` of a document. */
export function documentToWire(document: DocumentEntity): Record<string, unknown> {
  return {
    id: document.id,
    creator: document.creator,
    creationDate: document.creationDate,
    lastWriteDate: document.creationDate,
    isDeleted: false,
    title: document.title,
    currentRevision: document.revisionId,
    revisions: [document.revisionId],
    extension: document.extension,
  };
}

function requireDocument(state: PlatformState, id: string): DocumentEntity {
  const document = state.documents.get(id);
  if (!document) throw WebApiFailure.objectDoesNotExist();
  return document;
}

function imageToWire(image: ImageEntity): Record<string, unknown> {
  return { name: image.name, format: image.format, content: image.content.toString('base64') };
}

/** Record files: documents (SetObjectDocument, metadata, content) and images (create, fetch). */
export const recordFileRoutes: Route[] = [
  systemCoreRoute(
    '/TeamNetwork/DocumentService/SetObjectDocument',
    'store a file as a document and put its id on the record attribute (replace or append); bare response = document id',
    ({ state, body, accountId, now }) => {
      const bound = bindModel(body, ['objectId', 'propertyAlias', 'fileName', 'fileData', 'replace']);
      if (!bound) throw WebApiFailure.nullArgument('parameters');
      const record = state.records.get(idText(bound.objectId));
      if (!record) throw WebApiFailure.objectDoesNotExist();
      const propertyAlias = idText(bound.propertyAlias);
      const attribute = state.childByAlias(state.attributes, record.templateId, propertyAlias);
      if (attribute?.model.type !== 'Document')
        throw WebApiFailure.invalid(`${propertyAlias} is not a document attribute of the record`);
      const fileName = read.text(bound.fileName, 'fileName');
      if (fileName === undefined) throw WebApiFailure.nullArgument('fileName');
      const content = readFileData(bound.fileData);
      const replace = read.boolean(bound.replace, 'replace') ?? false;
      const { title, extension } = splitFileName(fileName);
      const document: DocumentEntity = {
        id: state.nextObjectId(),
        title,
        extension,
        content,
        creator: accountId,
        creationDate: now(),
        revisionId: '',
      };
      document.revisionId = `${document.id}.1`;
      state.documents.set(document.id, document);
      if (attribute.model.isMultiValue === true) {
        const current = record.values.get(attribute.alias);
        const kept = replace || !Array.isArray(current) ? [] : current;
        record.values.set(attribute.alias, [...kept, document.id]);
      } else record.values.set(attribute.alias, document.id);
      record.lastWriteDate = now();
      return document.id;
    },
  ),
  webApiRoute(
    'GET',
    '/webapi/Document/{documentId}',
    'document metadata; unknown id → HTTP 404',
    ({ state, params }) => documentToWire(requireDocument(state, params.documentId ?? '')),
  ),
  webApiRoute(
    'GET',
    '/webapi/Document/{documentId}/Content',
    'document bytes (raw, with Content-Type and Content-Disposition); unknown id → HTTP 404',
    ({ state, params }) => {
      const document = requireDocument(state, params.documentId ?? '');
      const fileName = document.extension ? `${document.title}.${document.extension}` : document.title;
      return new BinaryBody(document.content, contentTypeOf(document.extension), fileName);
    },
    { envelope: false },
  ),
  webApiRoute(
    'POST',
    '/webapi/Image/Create',
    'store an image {name, content: base64}; bare response = image id',
    ({ state, body, accountId, now }) => {
      const bound = bindModel(body, ['name', 'content']);
      if (!bound) throw WebApiFailure.nullArgument('file');
      const name = read.text(bound.name, 'name');
      if (name === undefined) throw WebApiFailure.nullArgument('name');
      if (typeof bound.content !== 'string') throw WebApiFailure.nullArgument('content');
      const image: ImageEntity = {
        id: state.nextObjectId(),
        name,
        format: splitFileName(name).extension.toLowerCase(),
        content: decodeBase64(bound.content, 'content'),
        creator: accountId,
        creationDate: now(),
      };
      state.images.set(image.id, image);
      return image.id;
    },
    { envelope: false },
  ),
  webApiRoute(
    'GET',
    '/webapi/Image',
    'image ?imageId= as a bare {name, format, content}; unknown id → HTTP 404',
    (context) => {
      const image = context.state.images.get(queryValue(context, 'imageId') ?? '');
      if (!image) throw WebApiFailure.objectDoesNotExist();
      return imageToWire(image);
    },
    { envelope: false },
  ),
];
