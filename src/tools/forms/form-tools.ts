import type { ToolDefinition } from '../define-tool.js';
import { copyFormFromTemplateTool } from './copy-form-from-template.js';
import { createFormFromAttributesTool } from './create-form-from-attributes.js';
import { editOrCreateFormTool } from './edit-or-create-form.js';
import { getFormTool } from './get-form.js';
import { listFormsTool } from './list-forms.js';

/** The form tools (5), as in the original. */
export const FORM_TOOLS: readonly ToolDefinition[] = [
  listFormsTool,
  getFormTool,
  editOrCreateFormTool,
  copyFormFromTemplateTool,
  createFormFromAttributesTool,
];
