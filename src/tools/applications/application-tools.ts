import type { ToolDefinition } from '../define-tool.js';
import { createAppTool } from './create-app.js';
import { getOntologyObjectsTool } from './get-ontology-objects.js';
import { getPlatformEntityUrlTool } from './get-platform-entity-url.js';
import { getProcessSchemaTool } from './get-process-schema.js';
import { getRecordUrlTool } from './get-record-url.js';
import { listApplicationsTool } from './list-applications.js';
import { listTemplatesTool } from './list-templates.js';
import { resolveEntityTool } from './resolve-entity.js';

/** The applications and navigation tools (8), as in the original. */
export const APPLICATION_TOOLS: readonly ToolDefinition[] = [
  listApplicationsTool,
  listTemplatesTool,
  createAppTool,
  getOntologyObjectsTool,
  getPlatformEntityUrlTool,
  getRecordUrlTool,
  getProcessSchemaTool,
  resolveEntityTool,
];
