import { z } from 'zod';
import { getDataset } from '../../platform/api/datasets-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { datasetInput } from './dataset-inputs.js';
import { summarizeDataset } from './summarize-dataset.js';

/** `get_dataset`: one dataset with its columns, sorting, grouping and filter. */
export const getDatasetTool = defineTool({
  name: 'get_dataset',
  group: 'datasets',
  description:
    'Get one dataset (RU: таблица, список) of a record template: its columns (attribute, header, hidden), sorting, grouping, totals, filter, view type and linked toolbar.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
    dataset_system_name: datasetInput,
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 16_000,
  run: async (
    { application_system_name, template_system_name, dataset_system_name },
    { platform, signal },
  ) => {
    const dataset = await getDataset(
      platform(),
      { app: application_system_name, template: template_system_name, alias: dataset_system_name },
      signal,
    );
    return summarizeDataset(dataset, { full: true });
  },
});
