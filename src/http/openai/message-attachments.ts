import { OpenAiParamError } from './openai-error.js';

/** A file a chat message carries inline. */
export interface Attachment {
  readonly name: string;
  readonly bytes: Buffer;
}

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,(.*)$/s;

/** The bytes of a `data:` URL (base64 or percent-encoded); undefined when it is not one. */
function dataUrlBytes(url: string): { bytes: Buffer; mediaType: string } | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  const [, mediaType = '', params = '', payload = ''] = match;
  const bytes = params.includes(';base64')
    ? Buffer.from(payload, 'base64')
    : Buffer.from(decodeURIComponent(payload), 'utf8');
  return { bytes, mediaType };
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/**
 * The files of an OpenAI message's content parts: `{"type": "file", "file": {"filename", "file_data"}}` and
 * `{"type": "image_url", "image_url": {"url"}}` with `data:` URLs (what the SDKs send for local files). A remote
 * image URL is not fetched (left out, as the original left out images); a file part without its data (a file id
 * of OpenAI's own storage) is refused.
 * @param path - where the content is in the body, for error messages
 * @param maxBytes - the largest file (UPLOAD_MAX_BYTES)
 * @throws OpenAiParamError for a part that is not an inline file, or a file that is too large
 */
export function messageAttachments(content: unknown, path: string, maxBytes: number): Attachment[] {
  if (!Array.isArray(content)) return [];
  const files: Attachment[] = [];
  (content as unknown[]).forEach((part, i) => {
    const p = part as {
      type?: unknown;
      file?: Record<string, unknown>;
      image_url?: { url?: unknown };
    } | null;
    if (p?.type !== 'file' && p?.type !== 'image_url') return;
    const at = `${path}[${i}]`;
    const url = p.type === 'file' ? p.file?.file_data : p.image_url?.url;
    const data = typeof url === 'string' ? dataUrlBytes(url) : undefined;
    // A remote image is left out, as the original did with every image: it is not fetched.
    if (!data && p.type === 'image_url') return;
    if (!data)
      throw new OpenAiParamError(
        'INVALID_BODY',
        `${at}.file must carry the file inline as file_data (a data: URL); file ids are not supported.`,
        at,
      );
    if (data.bytes.length > maxBytes)
      throw new OpenAiParamError(
        'FILE_TOO_LARGE',
        `${at} is larger than ${maxBytes} bytes (UPLOAD_MAX_BYTES).`,
        at,
      );
    const given = p.type === 'file' && typeof p.file?.filename === 'string' ? p.file.filename : undefined;
    files.push({
      name: given ?? `attachment-${i + 1}.${EXTENSIONS[data.mediaType] ?? 'bin'}`,
      bytes: data.bytes,
    });
  });
  return files;
}
