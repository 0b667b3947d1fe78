/**
 * Text from bytes whose encoding is not said: UTF-8 (with or without a BOM) when they are valid UTF-8, else
 * Windows-1251 (what Russian Excel and 1C export as CSV). Returns the text and the encoding used.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}
