import { z } from 'zod';
import { createImage } from '../../platform/api/record-files-api.js';
import { updateRecord } from '../../platform/api/records-api.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { systemNameInput } from '../tool-inputs.js';
import {
  contentBase64Input,
  attachedContent,
  fileNameInput,
  isImageFileName,
  MAX_ATTACH_BYTES,
} from './file-content.js';
import { recordIdInput } from './record-inputs.js';
import { readRecordAttribute } from './record-file-value.js';

/** `attach_file_to_record_image_attribute`: stores an image in a record's image attribute. */
export const attachFileToRecordImageAttributeTool = defineTool({
  name: 'attach_file_to_record_image_attribute',
  group: 'records',
  description: `Put an image (RU: изображение, фото) into an image attribute of a record: the image is uploaded, then set on the record (replacing the current one). The image is one uploaded into this conversation (filename = its name or id) or comes in this call as content_base64 (PNG, JPEG, GIF, BMP, EMF…), at most ${MAX_ATTACH_BYTES / 1024} KiB; files are not read from URLs.`,
  inputSchema: z.object({
    record_id: recordIdInput,
    attribute_system_name: systemNameInput('System name of the image attribute, e.g. "Photo".'),
    filename: fileNameInput,
    content_base64: contentBase64Input.optional(),
  }),
  destructive: false,
  readOnly: false,
  run: async (input, { platform, signal, ctx }) => {
    const { bytes: content, fileName } = await attachedContent(
      { filename: input.filename, content_base64: input.content_base64 },
      ctx.files,
    );
    if (!isImageFileName(fileName))
      throw new ToolFailure(
        `"${fileName}" does not look like an image: use a name ending in .png, .jpg, .jpeg, .gif, .bmp, .emf, .webp or .tif.`,
      );
    const client = platform();
    // Check the record first, so no image is uploaded for a record that does not exist.
    await readRecordAttribute(client, input.record_id, input.attribute_system_name, signal);
    const imageId = await createImage(client, fileName, content, signal);
    if (!imageId) throw new ToolFailure('The platform stored the image but did not answer its id.', 502);
    await updateRecord(client, input.record_id, { [input.attribute_system_name]: imageId }, signal);
    const value = await readRecordAttribute(client, input.record_id, input.attribute_system_name, signal);
    const stored = Array.isArray(value) ? value.map(String) : [String(value)];
    if (!stored.includes(imageId))
      throw new ToolFailure(
        `The image was uploaded (id ${imageId}) but the record ${input.record_id} did not take it: ${input.attribute_system_name} is not an image attribute of its template (check the exact system name and case with list_attributes).`,
        422,
      );
    return {
      record_id: input.record_id,
      attribute: input.attribute_system_name,
      image_id: imageId,
      file_name: fileName,
      size_bytes: content.length,
      record_url: client.entityUrl(input.record_id),
    };
  },
});
