import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { multipleValuesInput, searchInput } from './attribute-inputs.js';
import { DOCUMENT_EXTENSIONS, toWireFileFormats } from './file-extensions.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_document_attribute`: a file attribute (Документ). */
export const documentAttributeTool = defineAttributeTool({
  name: 'edit_or_create_document_attribute',
  type: 'Document',
  label: 'document (Документ)',
  description:
    'Create or edit a document attribute (RU: атрибут типа «Документ», файл, вложение) of a record template: it stores attached files, optionally limited to some extensions. Display formats: Attachment (вложение), SignedDocument (подписанный документ), InlineDocument (встроенный документ); required on create. On edit, only the given fields change.',
  shape: {
    display_format: z
      .enum(['Attachment', 'SignedDocument', 'InlineDocument'])
      .optional()
      .describe('Display format. Required for create.'),
    use_to_search_records: searchInput,
    store_multiple_values: multipleValuesInput,
    file_extensions_filter: z
      .array(z.enum(DOCUMENT_EXTENSIONS))
      .max(DOCUMENT_EXTENSIONS.length)
      .optional()
      .describe('Allowed file extensions (empty list: any).'),
  },
  calculated: false,
  requiredOnCreate: ['display_format'],
  createFlags: ['isIndexed', 'isMultiValue', 'isTracked'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.display_format !== undefined) out.format = input.display_format;
    if (input.use_to_search_records !== undefined) out.isIndexed = input.use_to_search_records;
    if (input.store_multiple_values !== undefined) out.isMultiValue = input.store_multiple_values;
    if (input.file_extensions_filter !== undefined)
      out.fileFormat = toWireFileFormats(input.file_extensions_filter);
    return out;
  },
});
