import ExcelJS from 'exceljs';
import { readCsv, readWorkbook } from '../src/files/read-table.js';
import { describeTable } from '../src/tools/files/analyze-table.js';

/** Time and memory to analyse one file as `analyze_csv_file` / `analyze_excel_file` do. */
export interface FileAnalysis {
  readonly kind: 'csv' | 'xlsx';
  readonly bytes: number;
  readonly rows: number;
  readonly ms: number;
  /** Heap growth while analysing (what the parsed file and the statistics hold at the end), MiB. */
  readonly heapMiB: number;
}

/** The analysis of a 20 MiB CSV and of a 10 MiB XLSX (smaller with `quick`). */
export interface FileAnalysisResult {
  readonly csv: FileAnalysis;
  readonly xlsx: FileAnalysis;
}

const ROW = (i: number) => [
  `Сотрудник ${i}`,
  i % 7 === 0 ? 'ИТ' : 'Продажи',
  50_000 + (i % 1000) * 37,
  `2024-0${(i % 9) + 1}-1${i % 10}`,
];

/** A CSV of about `bytes` bytes: a header and rows of text, a department, a number and a date. */
function makeCsv(bytes: number): Buffer {
  const lines = ['ФИО;Отдел;Оклад;Принят'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = ROW(i).join(';');
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return Buffer.from(lines.join('\n'));
}

/** An XLSX of about `bytes` bytes (one sheet, the same columns). */
async function makeXlsx(bytes: number): Promise<Buffer> {
  // About 28 bytes of compressed sheet per row of these four cells, measured once.
  const rows = Math.round(bytes / 28);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Сотрудники');
  sheet.addRow(['ФИО', 'Отдел', 'Оклад', 'Принят']);
  for (let i = 0; i < rows; i++) sheet.addRow(ROW(i));
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function measure(kind: 'csv' | 'xlsx', bytes: Buffer): Promise<FileAnalysis> {
  global.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const tables = kind === 'csv' ? [readCsv(bytes)] : await readWorkbook(bytes);
  const described = tables.map(describeTable);
  const ms = performance.now() - started;
  const after = process.memoryUsage();
  return {
    kind,
    bytes: bytes.length,
    rows: described.reduce((n, t) => n + t.rows, 0),
    ms,
    heapMiB: (after.heapUsed - before.heapUsed) / 1024 / 1024,
  };
}

/**
 * Analyses a 20 MiB CSV and a 10 MiB XLSX (2 and 1 MiB with `quick`) as the file tools do: parse, then column
 * types and statistics. The files are made first and not counted.
 */
export async function measureFileAnalysis(quick: boolean): Promise<FileAnalysisResult> {
  const mib = 1024 * 1024;
  const csv = makeCsv((quick ? 2 : 20) * mib);
  const xlsx = await makeXlsx((quick ? 1 : 10) * mib);
  return { csv: await measure('csv', csv), xlsx: await measure('xlsx', xlsx) };
}
