import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { openZipSafely } from './open-zip-safely.js';
import { decodeText } from './decode-text.js';

/** A table read from a file: its columns and rows as text. */
export interface Table {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The delimiter of CSV text: the one of `,;\t|` that splits the first lines into the same, largest count. */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const first = counts[0] ?? 0;
    const consistent = counts.filter((c) => c === first).length;
    const score = first === 0 ? 0 : consistent * 1000 + first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** A CSV file as a table, with the encoding and delimiter it was found to have. */
export function readCsv(bytes: Uint8Array): Table & { encoding: string; delimiter: string } {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const records: string[][] = parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
  });
  const [headers = [], ...rows] = records;
  return { name: 'csv', headers, rows, encoding, delimiter };
}

/** Rows kept of one sheet, at most: the rest are counted, not kept (exceljs's full model takes ~90 bytes a byte). */
export const MAX_SHEET_ROWS = 100_000;

/**
 * Every sheet of an XLSX workbook as a table (its first non-empty row as the header), read as a stream: at most
 * {@link MAX_SHEET_ROWS} rows of a sheet are kept (`rows` holds those), `totalRows` counts them all.
 */
export async function readWorkbook(bytes: Buffer): Promise<(Table & { totalRows: number })[]> {
  await openZipSafely(bytes);
  // Loaded when first needed: most processes never read a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const tables: (Table & { totalRows: number })[] = [];
  for await (const sheet of reader) {
    const all: string[][] = [];
    let total = 0;
    for await (const row of sheet) {
      total += 1;
      if (all.length <= MAX_SHEET_ROWS) all.push(cellTexts((row as { values: unknown }).values));
    }
    const [headers = [], ...rows] = all;
    const name = (sheet as unknown as { name?: string }).name ?? `Sheet ${tables.length + 1}`;
    tables.push({ name, headers, rows, totalRows: Math.max(0, total - 1) });
  }
  return tables;
}

/** The texts of a row's cells (exceljs gives them 1-based, as values, rich text, formulas or dates). */
export function cellTexts(values: unknown): string[] {
  const list = Array.isArray(values) ? (values as unknown[]).slice(1) : [];
  return list.map(cellText);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      hyperlink?: unknown;
    };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    return '';
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
