import { z } from 'zod';
import { getImage } from '../../platform/api/record-files-api.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';
import { systemNameInput } from '../tool-inputs.js';
import { extensionOf, keepFetched, pickFileId, previewFile } from './file-content.js';
import { multivalueIndexInput, recordIdInput } from './record-inputs.js';
import { readRecordAttribute } from './record-file-value.js';

/** `fetch_record_image_file`: an image stored in a record's image attribute (изображение). */
export const fetchRecordImageFileTool = defineTool({
  name: 'fetch_record_image_file',
  group: 'records',
  description:
    'Load an image (RU: изображение, фото, картинка) already stored in an image attribute of a record: its name, format and size, and its base64 content when it is small (up to 6 KiB); larger images come as metadata only. For an attribute holding several images, multivalue_index picks one.',
  inputSchema: z.object({
    record_id: recordIdInput,
    image_attribute_system_name: systemNameInput('System name of the image attribute, e.g. "Photo".'),
    multivalue_index: multivalueIndexInput,
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 16_000,
  run: async ({ record_id, image_attribute_system_name, multivalue_index }, { platform, signal, ctx }) => {
    const client = platform();
    const value = await readRecordAttribute(client, record_id, image_attribute_system_name, signal);
    const imageId = pickFileId(
      value,
      multivalue_index,
      `the attribute ${image_attribute_system_name} of record ${record_id}`,
    );
    const image = await getImage(client, imageId, signal);
    if (typeof image.content !== 'string')
      throw new ToolFailure(`The platform sent image ${imageId} without its content.`, 502);
    const content = Buffer.from(image.content, 'base64');
    const fileName = image.name ?? `${imageId}.${image.format ?? 'png'}`;
    return {
      record_id,
      attribute: image_attribute_system_name,
      image_id: imageId,
      ...compact({ file_name: fileName, format: image.format ?? (extensionOf(fileName) || undefined) }),
      record_url: client.entityUrl(record_id),
      ...previewFile(content, fileName),
      ...(await keepFetched(ctx.files, fileName, content)),
    };
  },
});
