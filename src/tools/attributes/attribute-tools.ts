import type { ToolDefinition } from '../define-tool.js';
import { accountAttributeTool } from './account-attribute.js';
import { archiveOrUnarchiveAttributeTool } from './archive-or-unarchive-attribute.js';
import { booleanAttributeTool } from './boolean-attribute.js';
import { dateTimeAttributeTool } from './date-time-attribute.js';
import { deleteAttributeTool } from './delete-attribute.js';
import { documentAttributeTool } from './document-attribute.js';
import { drawingAttributeTool } from './drawing-attribute.js';
import { durationAttributeTool } from './duration-attribute.js';
import { enumAttributeTool } from './enum-attribute.js';
import { getAttributeTool } from './get-attribute.js';
import { imageAttributeTool } from './image-attribute.js';
import { numericAttributeTool } from './numeric-attribute.js';
import { recordAttributeTool } from './record-attribute.js';
import { roleAttributeTool } from './role-attribute.js';
import { textAttributeTool } from './text-attribute.js';

/** The attribute tools (15), as in the original. */
export const ATTRIBUTE_TOOLS: readonly ToolDefinition[] = [
  getAttributeTool,
  deleteAttributeTool,
  archiveOrUnarchiveAttributeTool,
  textAttributeTool,
  booleanAttributeTool,
  dateTimeAttributeTool,
  numericAttributeTool,
  documentAttributeTool,
  drawingAttributeTool,
  durationAttributeTool,
  imageAttributeTool,
  recordAttributeTool,
  roleAttributeTool,
  accountAttributeTool,
  enumAttributeTool,
];
