import type { ToolDefinition } from '../define-tool.js';
import { attachFileToRecordDocumentAttributeTool } from './attach-file-to-record-document-attribute.js';
import { attachFileToRecordImageAttributeTool } from './attach-file-to-record-image-attribute.js';
import { createEditRecordTool } from './create-edit-record.js';
import { fetchRecordDocumentFileTool } from './fetch-record-document-file.js';
import { fetchRecordImageFileTool } from './fetch-record-image-file.js';
import { getRecordValuesTool } from './get-record-values.js';
import { listTemplateRecordsTool } from './list-template-records.js';

/** The record and record-file tools (7), as in the original. */
export const RECORD_TOOLS: readonly ToolDefinition[] = [
  listTemplateRecordsTool,
  createEditRecordTool,
  getRecordValuesTool,
  fetchRecordDocumentFileTool,
  attachFileToRecordDocumentAttributeTool,
  fetchRecordImageFileTool,
  attachFileToRecordImageAttributeTool,
];
