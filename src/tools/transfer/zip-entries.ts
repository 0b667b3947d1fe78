/** One file of a ZIP archive, from its central directory. */
export interface ZipEntryInfo {
  readonly name: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

/**
 * Lists the files of a ZIP archive by reading its central directory only (no decompression). ZIP64 archives
 * and anything that is not a ZIP answer undefined.
 * @param archive - the archive's bytes
 */
export function listZipEntries(archive: Buffer): ZipEntryInfo[] | undefined {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const earliest = Math.max(0, archive.length - 22 - 0xffff);
  let end = -1;
  for (let i = archive.length - 22; i >= earliest; i -= 1) {
    if (archive.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) return undefined;
  const entries: ZipEntryInfo[] = [];
  for (let n = 0; n < count; n += 1) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
      return undefined;
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const nameEnd = offset + 46 + nameLength;
    if (nameEnd > archive.length) return undefined;
    entries.push({ name: archive.subarray(offset + 46, nameEnd).toString('utf8'), size });
    offset = nameEnd + extraLength + commentLength;
  }
  return entries;
}
