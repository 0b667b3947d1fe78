import { z } from 'zod';
import { getDocument, getDocumentContent } from '../../platform/api/record-files-api.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { systemNameInput } from '../tool-inputs.js';
import { keepFetched, pickFileId, previewFile } from './file-content.js';
import { multivalueIndexInput, recordIdInput } from './record-inputs.js';
import { readRecordAttribute } from './record-file-value.js';

/** `fetch_record_document_file`: a file stored in a record's document attribute (документ). */
export const fetchRecordDocumentFileTool = defineTool({
  name: 'fetch_record_document_file',
  group: 'records',
  description:
    'Load a file (RU: файл, документ, вложение) already stored in a document attribute of a record: its name, type, size and dates, and its content when it can be shown — the text of a text file (first 8000 characters) or the base64 of a small binary file (up to 6 KiB). Larger binary files (PDF, Office, images) come as metadata only. For an attribute holding several files, multivalue_index picks one.',
  inputSchema: z.object({
    record_id: recordIdInput,
    document_attribute_system_name: systemNameInput(
      'System name of the document attribute, e.g. "Contract".',
    ),
    multivalue_index: multivalueIndexInput,
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 16_000,
  run: async ({ record_id, document_attribute_system_name, multivalue_index }, { platform, signal, ctx }) => {
    const client = platform();
    const value = await readRecordAttribute(client, record_id, document_attribute_system_name, signal);
    const documentId = pickFileId(
      value,
      multivalue_index,
      `the attribute ${document_attribute_system_name} of record ${record_id}`,
    );
    const model = await getDocument(client, documentId, signal);
    const title = model.title ?? documentId;
    const extension = model.extension?.replace(/^\./, '') ?? '';
    const fileName =
      extension && !title.toLowerCase().endsWith(`.${extension.toLowerCase()}`)
        ? `${title}.${extension}`
        : title;
    const file = await getDocumentContent(client, documentId, signal);
    return {
      record_id,
      attribute: document_attribute_system_name,
      document_id: documentId,
      ...compact({
        file_name: fileName,
        content_type: file.contentType?.split(';')[0],
        created: model.creationDate,
        creator: model.creator,
      }),
      record_url: client.entityUrl(record_id),
      ...previewFile(file.content, fileName, file.contentType),
      ...(await keepFetched(ctx.files, fileName, file.content)),
    };
  },
});
