/** Running the learner's statements on the lab database, with errors that name file and statement. */
import type { Connection, FieldPacket } from 'mysql2/promise';
import { mysql } from 'backlab/kit';
import { excerpt, shown, statementsOf } from './sql-file';

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/**
 * Runs a file's statements in order and returns what the last one selected. A failing statement
 * ends the run with MySQL's own message; an open transaction is rolled back so later tests start clean.
 */
export async function runQueryFile(file: string, conn?: Connection): Promise<QueryResult> {
  const statements = await statementsOf(file);
  const result = await runStatements(file, statements, conn);
  if (!result) {
    throw new Error(
      `${shown(file)}: the last statement (${excerpt(statements.at(-1)!)}) returned no rows; end the file with a SELECT.`,
    );
  }
  return result;
}

/** Runs statements one by one; the result of the last one when it returned rows. */
export async function runStatements(
  file: string,
  statements: string[],
  conn?: Connection,
): Promise<QueryResult | undefined> {
  const db = conn ?? (await mysql());
  let last: QueryResult | undefined;
  for (const [index, statement] of statements.entries()) {
    try {
      const [rows, fields] = await db.query(statement);
      last =
        Array.isArray(rows) && fields
          ? { columns: (fields as FieldPacket[]).map((f) => f.name), rows: rows as Record<string, unknown>[] }
          : undefined;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      const e = error as { code?: string; message?: string };
      throw new Error(
        `${shown(file)}, statement ${index + 1} (${excerpt(statement)}) failed: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`,
        { cause: error },
      );
    }
  }
  return last;
}
