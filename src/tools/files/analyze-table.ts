import { columnStats } from '../../files/column-stats.js';
import type { Table } from '../../files/read-table.js';

/** Rows shown as they are, so the model can answer what the statistics do not say. */
const SAMPLE_ROWS = 20;

/** What the model gets for a table: its size, each column's type and statistics, and its first rows. */
export function describeTable(table: Table) {
  return {
    name: table.name,
    rows: table.rows.length,
    columns: columnStats(table.headers, table.rows),
    first_rows: table.rows
      .slice(0, SAMPLE_ROWS)
      .map((r) => Object.fromEntries(table.headers.map((h, i) => [h, r[i] ?? '']))),
    ...(table.rows.length > SAMPLE_ROWS
      ? { note: `${table.rows.length - SAMPLE_ROWS} more rows are not shown.` }
      : {}),
  };
}
