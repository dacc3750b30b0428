/** Reading the users table directly, to check what the app really stored. */
import { mysql } from 'backlab/kit';

export type UserRow = Record<string, unknown> & {
  id: number;
  email: string;
  password_hash: string;
  name: string | null;
};

/** The users row for `email` (compared case-insensitively), or undefined. */
export async function findUserRow(email: string): Promise<UserRow | undefined> {
  const db = await mysql();
  const [rows] = await db.query('SELECT * FROM users WHERE LOWER(email) = LOWER(?)', [email]);
  return (rows as UserRow[])[0];
}

/** Like findUserRow, but fails with a message naming the email when the row is missing. */
export async function requireUserRow(email: string, after: string): Promise<UserRow> {
  const row = await findUserRow(email);
  if (!row) {
    throw new Error(`Expected a row in the users table with email ${email} after ${after}, found none`);
  }
  return row;
}

/** True when the users table exists (it would not after a successful DROP TABLE injection). */
export async function usersTableExists(): Promise<boolean> {
  const db = await mysql();
  const [rows] = await db.query(
    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'users'",
  );
  return Number((rows as Array<{ n: number }>)[0].n) > 0;
}
