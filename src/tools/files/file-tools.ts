import type { ToolDefinition } from '../define-tool.js';
import { analyzeCsvFileTool } from './analyze-csv-file.js';
import { analyzeExcelFileTool } from './analyze-excel-file.js';
import { readTextBasedFileTool } from './read-text-based-file.js';

/** The tools that read the files uploaded into a conversation, named as in the original. */
export const FILE_TOOLS: readonly ToolDefinition[] = [
  readTextBasedFileTool,
  analyzeCsvFileTool,
  analyzeExcelFileTool,
];
