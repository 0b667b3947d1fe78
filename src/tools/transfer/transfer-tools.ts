import type { ToolDefinition } from '../define-tool.js';
import { exportApplicationTool } from './export-application.js';

/**
 * The transfer tools (1). `import_application` is deliberately not offered: the original excluded it as dangerous
 * (a CTF import can overwrite applications).
 */
export const TRANSFER_TOOLS: readonly ToolDefinition[] = [exportApplicationTool];
