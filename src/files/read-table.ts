import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { assertZipSafe } from './assert-zip-safe.js';
import { decodeText } from './decode-text.js';
import { cellTexts } from './extract-text.js';

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

/** Every sheet of an XLSX workbook as a table (its first non-empty row as the header). */
export async function readWorkbook(bytes: Buffer): Promise<Table[]> {
  await assertZipSafe(bytes);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets.map((sheet) => {
    const all: string[][] = [];
    sheet.eachRow((row) => all.push(cellTexts(row.values)));
    const [headers = [], ...rows] = all;
    return { name: sheet.name, headers, rows };
  });
}
