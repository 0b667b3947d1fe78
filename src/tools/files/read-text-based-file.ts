import { z } from 'zod';
import { extractText } from '../../files/extract-text.js';
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
    extract_images: z.boolean().optional().describe('Not supported: images are not extracted.'),
    offset: z.number().int().min(0).optional().describe('Character to start at, for the next page.'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: PAGE_CHARS + 2000,
  run: async ({ filename, read_html_as_markdown: asMarkdown, offset = 0 }, env) => {
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
    const page = text.slice(offset, offset + PAGE_CHARS);
    const end = offset + page.length;
    return {
      file: { name: info.name, media_type: info.mediaType, size: info.size },
      text: page,
      ...(end < text.length || offset > 0
        ? {
            note: `Characters ${offset}–${end} of ${text.length}.${end < text.length ? ` ${text.length - end} more are not shown: call again with offset ${end}.` : ''}`,
          }
        : {}),
    };
  },
});
