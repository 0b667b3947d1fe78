import type { ToolDefinition } from '../define-tool.js';
import { archiveUnarchiveButtonTool } from './archive-unarchive-button.js';
import { editOrCreateButtonTool } from './edit-or-create-button.js';
import { editOrCreateToolbarTool } from './edit-or-create-toolbar.js';
import { getButtonTool } from './get-button.js';
import { getToolbarTool } from './get-toolbar.js';
import { listButtonsTool } from './list-buttons.js';
import { listToolbarsTool } from './list-toolbars.js';

/** The toolbar and button tools (7), as in the original. */
export const TOOLBAR_TOOLS: readonly ToolDefinition[] = [
  listToolbarsTool,
  getToolbarTool,
  editOrCreateToolbarTool,
  listButtonsTool,
  getButtonTool,
  editOrCreateButtonTool,
  archiveUnarchiveButtonTool,
];
