/** `CMW_Copilot_<title>_<yyyymmdd-hhmm>.<ext>`: safe on every file system, sortable by time. */
export function exportFileName(title: string, extension: string, at: Date = new Date()): string {
  const slug = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `CMW_Copilot_${slug ? `${slug}_` : ''}${stamp}.${extension}`;
}
