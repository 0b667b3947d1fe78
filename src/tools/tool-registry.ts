import { APPLICATION_TOOLS } from './applications/application-tools.js';
import { ATTRIBUTE_TOOLS } from './attributes/attribute-tools.js';
import { DATASET_TOOLS } from './datasets/dataset-tools.js';
import type { ToolDefinition, ToolMetadata } from './define-tool.js';
import { FILE_TOOLS } from './files/file-tools.js';
import { FORM_TOOLS } from './forms/form-tools.js';
import { getCurrentDatetimeTool } from './get-current-datetime.js';
import { MATH_TOOLS } from './math/math-tools.js';
import { RECORD_TOOLS } from './records/record-tools.js';
import { TEMPLATE_TOOLS } from './templates/template-tools.js';
import { TOOLBAR_TOOLS } from './toolbars/toolbar-tools.js';
import { TRANSFER_TOOLS } from './transfer/transfer-tools.js';

/**
 * Every tool the agent has, in the order the model sees them. Add a new group here (its own folder with a
 * `*-tools.ts` list). `import_application` and `update_object_property` are deliberately absent: the original
 * excluded them as dangerous (CTF import can overwrite applications; the property tool renames system names).
 */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  getCurrentDatetimeTool,
  ...APPLICATION_TOOLS,
  ...TEMPLATE_TOOLS,
  ...ATTRIBUTE_TOOLS,
  ...RECORD_TOOLS,
  ...FORM_TOOLS,
  ...TOOLBAR_TOOLS,
  ...DATASET_TOOLS,
  ...TRANSFER_TOOLS,
  ...MATH_TOOLS,
  ...FILE_TOOLS,
];

/** Names the model must never be offered. */
export const EXCLUDED_TOOL_NAMES: ReadonlySet<string> = new Set([
  'import_application',
  'update_object_property',
]);

/**
 * Group and flags of every tool by name: what a later approval step reads to hold `destructive` calls, without
 * building the tools.
 */
export const TOOL_METADATA: Readonly<Record<string, ToolMetadata>> = Object.freeze(
  Object.fromEntries(
    TOOL_DEFINITIONS.map((d) => [
      d.name,
      Object.freeze({ group: d.group, destructive: d.destructive, readOnly: d.readOnly }),
    ]),
  ),
);

/**
 * Whether a tool deletes or archives something (an unknown name counts as destructive, to be safe).
 * @param name - the tool name
 */
export function isDestructiveTool(name: string): boolean {
  return TOOL_METADATA[name]?.destructive ?? true;
}
