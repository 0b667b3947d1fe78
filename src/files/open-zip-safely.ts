import type JSZip from 'jszip';

/** Most a ZIP-based document may expand to, all its parts together. */
export const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

/**
 * Opens a ZIP-based document (DOCX, XLSX, PPTX), refusing one whose parts declare more than
 * {@link MAX_UNZIPPED_BYTES} once expanded — a zip bomb — before any part is inflated (only the central directory is
 * read). The package returned serves the callers that read parts themselves.
 * @throws Error saying why, for the tool's message
 */
export async function openZipSafely(bytes: Buffer): Promise<JSZip> {
  let zip: JSZip;
  // Loaded when first needed: most processes never open a package.
  const { default: zipReader } = await import('jszip');
  try {
    zip = await zipReader.loadAsync(bytes);
  } catch (error) {
    throw new Error(
      `it is not a readable ZIP package (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  let total = 0;
  for (const file of Object.values(zip.files)) {
    total += (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    if (total > MAX_UNZIPPED_BYTES)
      throw new Error(
        `it expands to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MiB (a zip bomb?); it was not opened`,
      );
  }
  return zip;
}
