import { openZipSafely } from './open-zip-safely.js';

/** The media types of the images an Office document may embed, by extension. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  emf: 'image/emf',
  wmf: 'image/wmf',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

/**
 * The images embedded in an Office Open XML document (DOCX, XLSX, PPTX: the `word/media/`, `xl/media/`, `ppt/media/`
 * parts), in part order, with their names in the package.
 * @param limit - at most this many
 */
export async function officeImages(bytes: Buffer, limit: number): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await openZipSafely(bytes);
  const parts = Object.keys(zip.files)
    .filter((name) => /^(word|xl|ppt)\/media\/[^/]+$/.test(name))
    .filter((name) => IMAGE_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] !== undefined)
    .sort()
    .slice(0, limit);
  const images: { name: string; bytes: Buffer }[] = [];
  for (const name of parts)
    images.push({ name: name.split('/').pop()!, bytes: await zip.file(name)!.async('nodebuffer') });
  return images;
}
