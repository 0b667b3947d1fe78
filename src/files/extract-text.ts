import { openZipSafely } from './open-zip-safely.js';
import { readWorkbook } from './read-table.js';
import { decodeText } from './decode-text.js';
import { htmlToMarkdown } from './html-to-markdown.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/**
 * The text of a document: DOCX (its paragraphs, via mammoth), PDF (page by page, via unpdf), XLSX (each sheet as
 * tab-separated rows), PPTX (slide by slide), HTML (as Markdown, or as it is), and any text format as decoded text.
 * @throws Error with a message for the model when the type has no text to read (images, archives…)
 */
export async function extractText(
  bytes: Buffer,
  mediaType: string,
  options: { htmlAsMarkdown: boolean },
): Promise<string> {
  if (mediaType === DOCX) await openZipSafely(bytes);
  // The readers load when first needed: most processes never read a document.
  if (mediaType === DOCX) {
    const { default: mammoth } = await import('mammoth');
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  }
  if (mediaType === 'application/pdf') {
    const { extractText: extractPdfText, getDocumentProxy } = await import('unpdf');
    const doc = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractPdfText(doc, { mergePages: false });
    return text.map((page, i) => `--- page ${i + 1} ---\n${page}`).join('\n\n');
  }
  if (mediaType === XLSX)
    return (await readWorkbook(bytes))
      .map((sheet) => {
        const rows = [sheet.headers, ...sheet.rows].map((r) => r.join('\t'));
        const more = sheet.totalRows - sheet.rows.length;
        return `--- sheet ${sheet.name} ---\n${rows.join('\n')}${more > 0 ? `\n[${more} more rows not read]` : ''}`;
      })
      .join('\n\n');
  if (mediaType === PPTX) return slidesText(bytes);
  if (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType.endsWith('xml') ||
    mediaType.endsWith('yaml')
  ) {
    const { text } = decodeText(bytes);
    return mediaType === 'text/html' && options.htmlAsMarkdown ? htmlToMarkdown(text) : text;
  }
  throw new Error(`A ${mediaType} file has no text to read.`);
}

/** The text of each slide of a PPTX, in slide order (its text runs, a paragraph a line). */
async function slidesText(bytes: Buffer): Promise<string> {
  const zip = await openZipSafely(bytes);
  const slides = Object.keys(zip.files)
    .map((name) => ({ name, n: Number(/^ppt\/slides\/slide(\d+)\.xml$/.exec(name)?.[1]) }))
    .filter((s) => Number.isInteger(s.n))
    .sort((a, b) => a.n - b.n);
  const texts: string[] = [];
  for (const { name, n } of slides) {
    const xml = await zip.file(name)!.async('string');
    const paragraphs = xml
      .split(/<\/a:p>/)
      .map((p) => [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''))
      .filter((p) => p.trim() !== '')
      .map(decodeXmlEntities);
    texts.push(`--- slide ${n} ---\n${paragraphs.join('\n')}`);
  }
  return texts.join('\n\n');
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
