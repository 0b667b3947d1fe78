import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConversationFiles } from '../conversation-files.js';
import { ToolFailure } from '../tool-failure.js';

/**
 * How record files cross the model boundary. There is no upload store yet, so:
 * - fetching answers the file's metadata and, instead of the bytes, a preview the model can read: the text of a
 *   text file (UTF-8, at most {@link TEXT_PREVIEW_CHARS} characters), or the base64 of a small binary file (at
 *   most {@link INLINE_BINARY_BYTES} bytes); bigger binaries come as metadata, size and SHA-256 only;
 * - attaching takes the content in the tool input (`content_base64`, or `content_text` for text files), at most
 *   {@link MAX_ATTACH_BYTES} bytes once decoded. Nothing is read from or written to the server's disk.
 */
export const TEXT_PREVIEW_CHARS = 8000;
/** Largest binary file whose base64 is put in a fetch result. */
export const INLINE_BINARY_BYTES = 6 * 1024;
/** Largest file the attach tools accept. */
export const MAX_ATTACH_BYTES = 1024 * 1024;

const TEXT_EXTENSIONS = new Set([
  'txt',
  'md',
  'markdown',
  'csv',
  'tsv',
  'json',
  'xml',
  'html',
  'htm',
  'log',
  'yaml',
  'yml',
  'sql',
  'conf',
  'ini',
  'env',
  'bpmn',
  'svg',
  'eml',
]);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'emf', 'webp', 'tif', 'tiff']);

/** The `filename` input: a bare file name with an extension, as it will be stored. */
export const fileNameInput = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => !/[\\/]/.test(s), 'a file name has no folders: give only the name, e.g. "contract.pdf"')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a file name has no control characters')
  .refine(
    (s) => /\.[^.\s]+$/.test(s) && !s.startsWith('.'),
    'a file name needs an extension, e.g. "report.pdf"',
  )
  .describe('Name the file gets on the platform, with its extension, e.g. "contract.pdf".');

/** `content_base64`: the file's bytes. */
export const contentBase64Input = z
  .string()
  .max(Math.ceil((MAX_ATTACH_BYTES * 4) / 3) + 200)
  .describe(
    `The file's content in base64 (a "data:…;base64," prefix is allowed), at most ${MAX_ATTACH_BYTES / 1024} KiB decoded.`,
  );

/** The lower-case extension of a file name, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** Whether a file name has an image extension the platform stores in image attributes. */
export function isImageFileName(fileName: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(fileName));
}

/**
 * The bytes of a file given in a tool input: exactly one of base64 or text.
 * @param input - `content_base64` and/or `content_text`
 * @throws ToolFailure 400 when neither or both are given, the base64 is invalid, or the file is too large
 */
export function decodeFileInput(input: {
  readonly content_base64?: string | undefined;
  readonly content_text?: string | undefined;
}): Buffer {
  const hasBase64 = input.content_base64 !== undefined && input.content_base64 !== '';
  const hasText = input.content_text !== undefined && input.content_text !== '';
  if (hasBase64 === hasText)
    throw new ToolFailure(
      hasBase64
        ? 'Give the content once: content_base64 or content_text, not both.'
        : 'Give the file content: content_base64 (any file) or content_text (a text file). Files cannot be read from the server or a URL.',
    );
  let bytes: Buffer;
  if (hasText) bytes = Buffer.from(input.content_text ?? '', 'utf8');
  else {
    const compact = (input.content_base64 ?? '').replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
    if (compact.length % 4 === 1 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact))
      throw new ToolFailure('content_base64 is not valid base64.');
    bytes = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  }
  if (bytes.length === 0) throw new ToolFailure('The file is empty: give its content.');
  if (bytes.length > MAX_ATTACH_BYTES)
    throw new ToolFailure(
      `The file is ${bytes.length} bytes; files attached through the agent may be at most ${MAX_ATTACH_BYTES} bytes. Upload larger files in the platform itself.`,
      413,
    );
  return bytes;
}

/** What a fetch tool tells the model about a file's content. */
export interface FilePreview {
  readonly size_bytes: number;
  readonly sha256: string;
  /** The text of a text file, possibly cut. */
  readonly text?: string;
  /** The whole content of a small binary file, in base64. */
  readonly content_base64?: string;
  /** Whether `text` is only the beginning of the file. */
  readonly truncated?: boolean;
  readonly note?: string;
}

/**
 * A size-limited preview of a downloaded file (see the policy at the top of this file).
 * @param content - the file's bytes
 * @param fileName - its name (the extension says whether it is text)
 * @param contentType - the type the platform sent, if any
 */
export function previewFile(content: Buffer, fileName: string, contentType?: string): FilePreview {
  const base = {
    size_bytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
  const type = contentType?.toLowerCase() ?? '';
  const textual =
    TEXT_EXTENSIONS.has(extensionOf(fileName)) || type.startsWith('text/') || /json|xml|csv/.test(type);
  if (textual) {
    const text = decodeUtf8(content);
    if (text !== undefined) {
      const cut = text.length > TEXT_PREVIEW_CHARS;
      return {
        ...base,
        text: cut ? text.slice(0, TEXT_PREVIEW_CHARS) : text,
        ...(cut
          ? {
              truncated: true,
              note: `Only the first ${TEXT_PREVIEW_CHARS} of ${text.length} characters are shown.`,
            }
          : {}),
      };
    }
  }
  if (content.length <= INLINE_BINARY_BYTES) return { ...base, content_base64: content.toString('base64') };
  return {
    ...base,
    note: `The file is ${content.length} bytes of binary content: it is not passed to the model (the limit is ${INLINE_BINARY_BYTES} bytes). Open it in the platform with the record link.`,
  };
}

function decodeUtf8(content: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/**
 * The id of one file in a record's file attribute value: a plain id, `{id}`, or a list for multi-value
 * attributes (then `index` picks one).
 * @param value - the attribute's value as GetPropertyValues answers it
 * @param index - which file (0-based)
 * @param where - "attribute X of record N", for messages
 * @throws ToolFailure 404 when there is no file, 400 when the index is out of range
 */
export function pickFileId(value: unknown, index: number, where: string): string {
  const items = (
    Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]
  )
    .map((v: unknown): unknown => (typeof v === 'object' && v !== null && 'id' in v ? v.id : v))
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String)
    .filter((v) => v !== '');
  if (items.length === 0) throw new ToolFailure(`There is no file in ${where}.`, 404);
  const id = items[index];
  if (id === undefined)
    throw new ToolFailure(
      `${where} holds ${items.length} file(s); multivalue_index must be 0 to ${items.length - 1}.`,
    );
  return id;
}

/**
 * The content a file tool attaches: given inline (`content_base64` / `content_text`, small files), else the
 * conversation's uploaded file named `filename` (by name or id; any size the upload allowed).
 * @returns the bytes and the file name to store them under
 * @throws ToolFailure when neither is there, naming the conversation's files
 */
export async function attachedContent(
  input: {
    readonly filename: string;
    readonly content_base64?: string | undefined;
    readonly content_text?: string | undefined;
  },
  files: ConversationFiles | undefined,
): Promise<{ bytes: Buffer; fileName: string }> {
  if (input.content_base64 || input.content_text)
    return { bytes: decodeFileInput(input), fileName: input.filename };
  const uploaded = await files?.read(input.filename);
  if (uploaded) return { bytes: uploaded.bytes, fileName: uploaded.info.name };
  const names = (await files?.list())?.map((f) => f.name) ?? [];
  throw new ToolFailure(
    names.length === 0
      ? 'Give the file content (content_base64 or content_text), or the name of a file uploaded into this conversation (it has none).'
      : `No uploaded file "${input.filename}" and no content given; the conversation's files: ${names.join(', ')}.`,
  );
}

/**
 * Keeps a fetched file among the conversation's files when there is a conversation: what a result says of it.
 */
export async function keepFetched(
  files: ConversationFiles | undefined,
  fileName: string,
  content: Buffer,
): Promise<{ saved_as?: { id: string; name: string }; not_saved?: string }> {
  if (!files) return {};
  const saved = await files.save(fileName, content);
  return saved
    ? { saved_as: { id: saved.id, name: saved.name } }
    : { not_saved: "Not kept among the conversation's files: it holds as many as it may." };
}
