/** Reading the learner's .sql files and cutting them into statements. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { submissionDir } from 'backlab/kit';

/** The folder of the learner's query files, inside their submission. */
export const QUERIES_DIR = 'queries';

/** "queries/01-customers-in-lyon.sql": how messages name a file. */
export function shown(file: string): string {
  return `${QUERIES_DIR}/${file}`;
}

/** The statements of a query file; fails with a clear message when it is missing or still empty. */
export async function statementsOf(file: string): Promise<string[]> {
  const text = await readFile(join(submissionDir(), QUERIES_DIR, file), 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new Error(`${shown(file)} not found in your folder: the starter has it; write your SQL in it.`);
  }
  const statements = splitStatements(text);
  if (statements.length === 0) throw new Error(`${shown(file)} has no SQL statement yet (only comments).`);
  return statements;
}

/**
 * Splits SQL text at the semicolons that end statements, leaving out comments (--, #, /* *\/) and
 * empty statements. Semicolons inside quotes ('…', "…", `…`) do not split.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i);
      current += sql.slice(i, end);
      i = end;
    } else if ((ch === '-' && next === '-' && /\s/.test(sql[i + 2] ?? ' ')) || ch === '#') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      current += ' ';
    } else if (ch === ';') {
      statements.push(current);
      current = '';
      i += 1;
    } else {
      current += ch;
      i += 1;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Index just past the quote that closes the one at `start` ('' and \' do not close it). */
function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

/** The first words of a statement, for messages: "INSERT INTO orders (customer_id, …". */
export function excerpt(statement: string, max = 60): string {
  const flat = statement.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
