import { z } from 'zod';
import { extractText } from '../../files/extract-text.js';
import { officeImages } from '../../files/office-images.js';
import type { ConversationFiles } from '../conversation-files.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { findFile } from './find-file.js';

/** Characters of a document one call returns; the rest is paged with `offset`. */
const PAGE_CHARS = 20_000;

/** `read_text_based_file`: the text of an uploaded document (прочитать файл). */
export const readTextBasedFileTool = defineTool({
  name: 'read_text_based_file',
  group: 'files',
  description:
    'Read the text of a file uploaded into this conversation (прочитать файл): text, Markdown, code, CSV, JSON/XML/YAML, HTML, DOCX, PDF, XLSX. Long documents come in pages: call again with the offset the note gives.',
  inputSchema: z.object({
    filename: z.string().min(1).max(300).describe('The uploaded file’s name or id.'),
    read_html_as_markdown: z.boolean().optional().describe('HTML as Markdown (default true).'),
    extract_images: z
      .boolean()
      .optional()
      .describe(
        'Also keep the images a DOCX, XLSX or PPTX embeds among the conversation’s files (default false).',
      ),
    offset: z.number().int().min(0).optional().describe('Character to start at, for the next page.'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: PAGE_CHARS + 2000,
  run: async (
    { filename, read_html_as_markdown: asMarkdown, extract_images: withImages, offset = 0 },
    env,
  ) => {
    const { info, bytes } = await findFile(filename, env);
    let text: string;
    try {
      text = await extractText(bytes, info.mediaType, { htmlAsMarkdown: asMarkdown ?? true });
    } catch (error) {
      throw new ToolFailure(
        `Cannot read "${info.name}": ${error instanceof Error ? error.message : String(error)}`,
        415,
      );
    }
    const images = withImages ? await keptImages(info.name, info.mediaType, bytes, env.ctx.files) : undefined;
    const page = text.slice(offset, offset + PAGE_CHARS);
    const end = offset + page.length;
    return {
      file: { name: info.name, media_type: info.mediaType, size: info.size },
      text: page,
      ...(images ? { images } : {}),
      ...(end < text.length || offset > 0
        ? {
            note: `Characters ${offset}–${end} of ${text.length}.${end < text.length ? ` ${text.length - end} more are not shown: call again with offset ${end}.` : ''}`,
          }
        : {}),
    };
  },
});

/** Office documents, whose embedded images can be kept. */
const OFFICE = /officedocument\.(wordprocessingml|spreadsheetml|presentationml)/;
/** Images kept from one document, at most. */
const MAX_IMAGES = 20;

/**
 * Keeps the images an Office document embeds among the conversation's files, named after the document: what the
 * result says of them (the next tool can read or attach them by name).
 */
async function keptImages(
  documentName: string,
  mediaType: string,
  bytes: Buffer,
  files: ConversationFiles | undefined,
): Promise<{ saved: { id: string; name: string }[]; note?: string }> {
  if (!OFFICE.test(mediaType))
    return { saved: [], note: 'Images are extracted from DOCX, XLSX and PPTX files only.' };
  if (!files) return { saved: [], note: 'There is no conversation to keep images in.' };
  const base = documentName.replace(/\.[^.]+$/, '');
  const saved: { id: string; name: string }[] = [];
  for (const image of await officeImages(bytes, MAX_IMAGES)) {
    const kept = await files.save(`${base}-${image.name}`, image.bytes);
    if (!kept)
      return {
        saved,
        note: 'The conversation holds as many files as it may: the other images were not kept.',
      };
    saved.push({ id: kept.id, name: kept.name });
  }
  return { saved };
}
