/**
 * A file name safe to store, show and send back: the last path segment only, without control characters,
 * quotes, slashes or reserved characters, trimmed of dots and spaces, at most 200 characters (the extension kept);
 * `file` when nothing is left.
 * @param name - the name the client sent
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (clean.length > 200) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, 200 - extension.length) + extension;
  }
  return clean === '' ? 'file' : clean;
}
