/** What one column of a table holds. */
export interface ColumnStats {
  readonly name: string;
  /** `number`, `date`, `boolean`, `text` or `empty`: what every non-empty value of the column is. */
  readonly type: 'number' | 'date' | 'boolean' | 'text' | 'empty';
  readonly nonEmpty: number;
  readonly unique: number;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly mean?: number;
  /** The most frequent values (text columns), with their counts. */
  readonly top?: readonly { readonly value: string; readonly count: number }[];
  readonly samples: readonly string[];
}

const NUMBER = /^[-+]?(\d{1,3}([ \u00a0]\d{3})+|\d+)([.,]\d+)?$/;
const DATE = /^(\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4})$/;
const BOOLEAN = /^(true|false|yes|no|да|нет)$/i;

/** A number written with spaces between thousands or a decimal comma, as spreadsheets in Russian do. */
function toNumber(text: string): number {
  return Number(text.replace(/[ \u00a0]/g, '').replace(',', '.'));
}

/**
 * The type, counts, range and samples of each column of a table.
 * @param headers - the column names
 * @param rows - the rows, each a value per column (as text; missing or blank is empty)
 */
export function columnStats(headers: readonly string[], rows: readonly (readonly string[])[]): ColumnStats[] {
  return headers.map((name, index) => {
    const values = rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
    const unique = new Set(values);
    const samples = [...unique].slice(0, 5);
    if (values.length === 0) return { name, type: 'empty', nonEmpty: 0, unique: 0, samples };
    if (values.every((v) => NUMBER.test(v))) {
      const numbers = values.map(toNumber);
      return {
        name,
        type: 'number',
        nonEmpty: values.length,
        unique: unique.size,
        // Not Math.min(...numbers): a column of a large file has more values than a call takes arguments.
        min: numbers.reduce((a, b) => (b < a ? b : a)),
        max: numbers.reduce((a, b) => (b > a ? b : a)),
        mean: Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 1000) / 1000,
        samples,
      };
    }
    if (values.every((v) => DATE.test(v))) {
      const sorted = [...values].sort();
      return {
        name,
        type: 'date',
        nonEmpty: values.length,
        unique: unique.size,
        min: sorted[0],
        max: sorted.at(-1),
        samples,
      };
    }
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([value, count]) => ({ value, count }));
    const type = values.every((v) => BOOLEAN.test(v)) ? 'boolean' : 'text';
    return { name, type, nonEmpty: values.length, unique: unique.size, top, samples };
  });
}
