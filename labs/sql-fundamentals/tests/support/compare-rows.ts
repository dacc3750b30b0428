/** Comparing a query's rows with the expected ones, with messages that show both. */
import type { QueryResult } from './run-sql';
import { shown } from './sql-file';

export interface ExpectedRows {
  columns: string[];
  rows: unknown[][];
}

/** Expected rows written compactly: columns once, then one array per row. */
export function table(columns: string[], rows: unknown[][]): ExpectedRows {
  return { columns, rows };
}

/** A query's result as expected rows (for comparing with a reference query). */
export function asExpected(result: QueryResult): ExpectedRows {
  return { columns: result.columns, rows: result.rows.map((row) => result.columns.map((c) => row[c])) };
}

export interface CompareOptions {
  /** When the task fixes the order, like "ORDER BY last_name, first_name". */
  orderBy?: string;
}

const SHOWN_ROWS = 5;

/** Fails unless `actual` has exactly the expected columns (any order) and rows (in order when orderBy is set). */
export function expectRows(
  file: string,
  actual: QueryResult,
  expected: ExpectedRows,
  opts: CompareOptions = {},
): void {
  const where = shown(file);
  const wanted = expected.columns.map((c) => c.toLowerCase());
  const got = actual.columns.map((c) => c.toLowerCase());
  const missing = wanted.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !wanted.includes(c));
  if (missing.length || extra.length || got.length !== wanted.length) {
    throw new Error(
      `${where}: expected the columns ${expected.columns.join(', ')}, got ${actual.columns.join(', ') || 'none'}` +
        (missing.length ? ` (missing: ${missing.join(', ')}; name computed columns with AS)` : ''),
    );
  }
  const actualRows = actual.rows.map((row) => expected.columns.map((c) => canonical(valueOf(row, c))));
  const expectedRows = expected.rows.map((row) => row.map(canonical));
  const both = `\n${rowsTable('expected', expected.columns, expectedRows)}\n${rowsTable('got', expected.columns, actualRows)}`;
  if (actualRows.length !== expectedRows.length) {
    throw new Error(
      `${where}: expected ${plural(expectedRows.length)}, got ${plural(actualRows.length)}${both}`,
    );
  }
  if (opts.orderBy) {
    const index = expectedRows.findIndex((row, i) => key(row) !== key(actualRows[i]));
    if (index === -1) return;
    const sameSet = key([...expectedRows].map(key).sort()) === key([...actualRows].map(key).sort());
    const why = sameSet ? ` The rows are right but not in order: ${opts.orderBy}.` : '';
    throw new Error(`${where}: row ${index + 1} differs.${why}${both}`);
  }
  const remaining = actualRows.map(key);
  const absent: string[][] = [];
  for (const row of expectedRows) {
    const at = remaining.indexOf(key(row));
    if (at === -1) absent.push(row);
    else remaining.splice(at, 1);
  }
  if (absent.length === 0) return;
  const unexpected = actualRows.filter((row) => remaining.includes(key(row)));
  throw new Error(
    `${where}: ${plural(absent.length)} missing, ${plural(unexpected.length)} not expected\n` +
      `${rowsTable('missing', expected.columns, absent)}\n${rowsTable('not expected', expected.columns, unexpected)}`,
  );
}

/** Column lookup that ignores case, as MySQL does for names. */
function valueOf(row: Record<string, unknown>, column: string): unknown {
  if (column in row) return row[column];
  const name = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
  return name === undefined ? undefined : row[name];
}

/**
 * One spelling per value: DECIMAL arrives as a string and COUNT as a number, so numbers compare by
 * value (to the cent); dates print as MySQL writes them.
 */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return dateText(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return numberText(Number(value));
  const text = String(value);
  if (/^-?\d+(\.\d+)?$/.test(text)) return numberText(Number(text));
  return text.replace(/ 00:00:00$/, '');
}

function numberText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function dateText(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

function key(row: string[] | string): string {
  return JSON.stringify(row);
}

function plural(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

/** "expected (6 rows):\n  id | first_name\n  15 | Sophie\n  … 1 more" */
function rowsTable(title: string, columns: string[], rows: string[][]): string {
  const lines = [`${title} (${plural(rows.length)}):`, `  ${columns.join(' | ')}`];
  for (const row of rows.slice(0, SHOWN_ROWS)) lines.push(`  ${row.join(' | ')}`);
  if (rows.length > SHOWN_ROWS) lines.push(`  … ${rows.length - SHOWN_ROWS} more`);
  return lines.join('\n');
}
