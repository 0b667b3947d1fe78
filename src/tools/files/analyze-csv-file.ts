import { z } from 'zod';
import { readCsv } from '../../files/read-table.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { describeTable } from './analyze-table.js';
import { findFile } from './find-file.js';

/** `analyze_csv_file`: the columns, types and statistics of an uploaded CSV file (анализ CSV). */
export const analyzeCsvFileTool = defineTool({
  name: 'analyze_csv_file',
  group: 'files',
  description:
    'Analyse a CSV file uploaded into this conversation (анализ CSV): encoding and delimiter found, row count, each column with its inferred type, statistics and samples, and the first rows. Answer the query from them.',
  inputSchema: z.object({
    filename: z.string().min(1).max(300).describe('The uploaded file’s name or id.'),
    query: z.string().max(2000).optional().describe('What the person wants to know of the data.'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 20_000,
  run: async ({ filename, query }, env) => {
    const { info, bytes } = await findFile(filename, env);
    let table: ReturnType<typeof readCsv>;
    try {
      table = readCsv(bytes);
    } catch (error) {
      throw new ToolFailure(
        `"${info.name}" is not readable CSV: ${error instanceof Error ? error.message : String(error)}`,
        415,
      );
    }
    return {
      file: info.name,
      encoding: table.encoding,
      delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter,
      ...describeTable({ ...table, name: info.name }),
      ...(query ? { query } : {}),
    };
  },
});
