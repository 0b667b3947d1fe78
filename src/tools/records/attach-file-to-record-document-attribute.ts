import { z } from 'zod';
import { setObjectDocument } from '../../platform/api/record-files-api.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { systemNameInput } from '../tool-inputs.js';
import { attachedContent, contentBase64Input, fileNameInput, MAX_ATTACH_BYTES } from './file-content.js';
import { recordIdInput } from './record-inputs.js';
import { readRecordAttribute } from './record-file-value.js';

/** `attach_file_to_record_document_attribute`: stores a file in a record's document attribute. */
export const attachFileToRecordDocumentAttributeTool = defineTool({
  name: 'attach_file_to_record_document_attribute',
  group: 'records',
  description: `Attach a file (RU: прикрепить файл, документ) to a document attribute of a record: a file uploaded into this conversation (filename = its name or id, no content), or content given in this call — content_text for a text file (CSV, Markdown, JSON…) or content_base64 for any file, at most ${MAX_ATTACH_BYTES / 1024} KiB. Files are not read from URLs. replace=true (default) replaces the attribute's files, false adds to a multi-value attribute.`,
  inputSchema: z.object({
    record_id: recordIdInput,
    attribute_system_name: systemNameInput('System name of the document attribute, e.g. "Contract".'),
    filename: fileNameInput,
    content_base64: contentBase64Input.optional(),
    content_text: z
      .string()
      .max(MAX_ATTACH_BYTES)
      .optional()
      .describe('The content of a text file, stored as UTF-8 (instead of content_base64).'),
    replace: z
      .boolean()
      .default(true)
      .describe(
        "true (default) replaces the attribute's files; false adds the file (only multi-value attributes keep several).",
      ),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal, ctx }) => {
    const { bytes: content, fileName } = await attachedContent(input, ctx.files);
    const client = platform();
    const answer = await setObjectDocument(
      client,
      {
        recordId: input.record_id,
        attribute: input.attribute_system_name,
        fileName,
        content,
        replace: input.replace,
      },
      signal,
    );
    // Read the attribute back: it names the stored document (the answer of SetObjectDocument varies by version).
    const value = await readRecordAttribute(client, input.record_id, input.attribute_system_name, signal);
    const ids = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(
      String,
    );
    const documentId = answer && ids.includes(answer) ? answer : ids.at(-1);
    if (documentId === undefined)
      throw new ToolFailure(
        `The platform accepted the file but the attribute ${input.attribute_system_name} of record ${input.record_id} holds no document; check that it is a document attribute of that record's template.`,
        502,
      );
    return {
      record_id: input.record_id,
      attribute: input.attribute_system_name,
      document_id: documentId,
      file_name: fileName,
      size_bytes: content.length,
      files_in_attribute: ids.length,
      record_url: client.entityUrl(input.record_id),
    };
  },
});
