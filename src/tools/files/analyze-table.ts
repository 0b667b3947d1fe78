import { columnStats } from '../../files/column-stats.js';
import type { Table } from '../../files/read-table.js';

/** Rows shown as they are, so the model can answer what the statistics do not say. */
const SAMPLE_ROWS = 20;
/** Columns described, at most (a table wider than that is described in part, with a note). */
const MAX_COLUMNS = 100;

/** What the model gets for a table: its size, each column's type and statistics, and its first rows. */
export function describeTable(table: Table & { readonly totalRows?: number }) {
  const headers = table.headers.slice(0, MAX_COLUMNS);
  const total = table.totalRows ?? table.rows.length;
  const notes = [
    ...(total > table.rows.length
      ? [`The statistics are of the first ${table.rows.length} of ${total} rows.`]
      : []),
    ...(table.headers.length > MAX_COLUMNS
      ? [`The table has ${table.headers.length} columns: only the first ${MAX_COLUMNS} are described.`]
      : []),
    ...(table.rows.length > SAMPLE_ROWS
      ? [`${table.rows.length - SAMPLE_ROWS} more rows are not shown.`]
      : []),
  ];
  return {
    name: table.name,
    rows: total,
    column_count: table.headers.length,
    columns: columnStats(headers, table.rows),
    first_rows: table.rows
      .slice(0, SAMPLE_ROWS)
      .map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? '']))),
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}
