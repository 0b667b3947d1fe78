import type { ToolDefinition } from '../define-tool.js';
import { editOrCreateRecordTemplateTool } from './edit-or-create-record-template.js';
import { listAttributesTool } from './list-attributes.js';

/** The template tools (2), as in the original. */
export const TEMPLATE_TOOLS: readonly ToolDefinition[] = [editOrCreateRecordTemplateTool, listAttributesTool];
