import { z } from 'zod';
import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { multipleValuesInput, searchInput } from './attribute-inputs.js';
import { IMAGE_EXTENSIONS, toWireFileFormats } from './file-extensions.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_image_attribute`: an image attribute (Изображение). */
export const imageAttributeTool = defineAttributeTool({
  name: 'edit_or_create_image_attribute',
  type: 'Image',
  label: 'image (Изображение)',
  description:
    'Create or edit an image attribute (RU: атрибут типа «Изображение», картинка, фото) of a record template: images are stored in a colour mode (Original, Bitonal, GreyScale; required on create) and optionally resized. On edit, only the given fields change.',
  shape: {
    rendering_color_mode: z
      .enum(['Original', 'Bitonal', 'GreyScale'])
      .optional()
      .describe('Colour mode. Required for create.'),
    use_to_search_records: searchInput,
    store_multiple_values: multipleValuesInput,
    file_extensions_filter: z
      .array(z.enum(IMAGE_EXTENSIONS))
      .max(IMAGE_EXTENSIONS.length)
      .optional()
      .describe('Allowed image extensions (empty list: any).'),
    image_width: z.number().int().min(1).max(100_000).optional().describe('Width in pixels.'),
    image_height: z.number().int().min(1).max(100_000).optional().describe('Height in pixels.'),
    save_image_aspect_ratio: z.boolean().optional().describe('Keep the aspect ratio when resizing.'),
  },
  calculated: false,
  requiredOnCreate: ['rendering_color_mode'],
  createFlags: ['isIndexed', 'isMultiValue', 'isTracked', 'imagePreserveAspectRatio'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.rendering_color_mode !== undefined) out.imageColorType = input.rendering_color_mode;
    if (input.use_to_search_records !== undefined) out.isIndexed = input.use_to_search_records;
    if (input.store_multiple_values !== undefined) out.isMultiValue = input.store_multiple_values;
    if (input.file_extensions_filter !== undefined)
      out.fileFormat = toWireFileFormats(input.file_extensions_filter);
    if (input.image_width !== undefined) out.imageWidth = input.image_width;
    if (input.image_height !== undefined) out.imageHeight = input.image_height;
    if (input.save_image_aspect_ratio !== undefined)
      out.imagePreserveAspectRatio = input.save_image_aspect_ratio;
    return out;
  },
});
