import type { ToolDefinition } from '../define-tool.js';
import { editOrCreateDatasetTool } from './edit-or-create-dataset.js';
import { getDatasetTool } from './get-dataset.js';
import { listDatasetsTool } from './list-datasets.js';

/** The dataset tools (3), as in the original. */
export const DATASET_TOOLS: readonly ToolDefinition[] = [
  listDatasetsTool,
  getDatasetTool,
  editOrCreateDatasetTool,
];
