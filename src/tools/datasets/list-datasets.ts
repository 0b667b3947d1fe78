import { z } from 'zod';
import { listDatasets } from '../../platform/api/datasets-api.js';
import { defineTool } from '../define-tool.js';
import { applicationInput, templateInput } from '../tool-inputs.js';
import { summarizeDataset } from './summarize-dataset.js';

/** `list_datasets`: the datasets (таблицы, списки) of a template. */
export const listDatasetsTool = defineTool({
  name: 'list_datasets',
  group: 'datasets',
  description:
    'List the datasets (RU: таблицы, списки, представления) of a record template: system names, names, view types, which is the default, the linked toolbar and how many columns each has. Use get_dataset for the columns, sorting and filter of one.',
  inputSchema: z.object({
    application_system_name: applicationInput,
    template_system_name: templateInput,
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, template_system_name }, { platform, signal }) => {
    const datasets = await listDatasets(platform(), application_system_name, template_system_name, signal);
    return datasets.map((d) => summarizeDataset(d, { full: false }));
  },
});
