import Database from 'better-sqlite3';

/**
 * The logical size of a SQLite database (`page_count × page_size`), as a reader sees it: committed pages
 * still in the write-ahead log included, free pages included.
 * @param file - the database file; opened read-only and closed again
 */
export function sqliteLogicalBytes(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return pages * pageSize;
  } finally {
    db.close();
  }
}
