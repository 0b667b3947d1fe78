import { z } from 'zod';
import { readWorkbook } from '../../files/read-table.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { describeTable } from './analyze-table.js';
import { findFile } from './find-file.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `analyze_excel_file`: every sheet of an uploaded Excel workbook, its columns, types and statistics (анализ Excel). */
export const analyzeExcelFileTool = defineTool({
  name: 'analyze_excel_file',
  group: 'files',
  description:
    'Analyse an Excel (XLSX) file uploaded into this conversation (анализ Excel): every sheet with its row count, each column with its inferred type, statistics and samples, and the first rows. Answer the query from them.',
  inputSchema: z.object({
    filename: z.string().min(1).max(300).describe('The uploaded file’s name or id.'),
    query: z.string().max(2000).optional().describe('What the person wants to know of the data.'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 30_000,
  run: async ({ filename, query }, env) => {
    const { info, bytes } = await findFile(filename, env);
    if (info.mediaType !== XLSX)
      throw new ToolFailure(
        `"${info.name}" is ${info.mediaType}, not an XLSX workbook (old .xls files: save as .xlsx).`,
        415,
      );
    let sheets: Awaited<ReturnType<typeof readWorkbook>>;
    try {
      sheets = await readWorkbook(bytes);
    } catch (error) {
      throw new ToolFailure(
        `Cannot read "${info.name}": ${error instanceof Error ? error.message : String(error)}.`,
        415,
      );
    }
    return { file: info.name, sheets: sheets.map(describeTable), ...(query ? { query } : {}) };
  },
});
