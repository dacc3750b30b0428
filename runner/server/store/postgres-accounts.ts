import type { Account, Role } from './records';
import type { PgDatabase } from './postgres-pool';
import { toAccount, type AccountRow } from './rows';

const ACCOUNT_COLUMNS = 'accounts.id, accounts.name, accounts.role, accounts.created_at';

/** Accounts and their tokens (hashes only) in PostgreSQL: the base of PostgresStore. */
export class PostgresAccounts {
  constructor(
    protected readonly db: PgDatabase,
    protected readonly now: () => Date = () => new Date(),
  ) {}

  protected iso(): string {
    return this.now().toISOString();
  }

  async createAccount(name: string, role: Role, tokenHash: string): Promise<Account> {
    return this.db.transaction(async (tx) => {
      const at = this.iso();
      const row = await tx.row<{ id: number }>(
        'INSERT INTO accounts (name, role, created_at) VALUES ($1, $2, $3) RETURNING id',
        [name, role, at],
      );
      await tx.run('INSERT INTO tokens (hash, account_id, created_at) VALUES ($1, $2, $3)', [
        tokenHash,
        row!.id,
        at,
      ]);
      return { id: row!.id, name, role, createdAt: at };
    });
  }

  async addToken(accountName: string, tokenHash: string): Promise<Account | undefined> {
    // One statement: the token goes in only if the account is there, and the account comes back.
    const row = await this.db.row<AccountRow>(
      `WITH account AS (SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = $1),
        added AS (INSERT INTO tokens (hash, account_id, created_at) SELECT $2, id, $3 FROM account)
      SELECT * FROM account`,
      [accountName, tokenHash, this.iso()],
    );
    return row && toAccount(row);
  }

  async accountByName(name: string): Promise<Account | undefined> {
    const row = await this.db.row<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = $1`, [
      name,
    ]);
    return row && toAccount(row);
  }

  async accountByTokenHash(tokenHash: string): Promise<Account | undefined> {
    const row = await this.db.row<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM tokens JOIN accounts ON accounts.id = tokens.account_id WHERE tokens.hash = $1`,
      [tokenHash],
    );
    return row && toAccount(row);
  }

  async countAccounts(role: Role): Promise<number> {
    const row = await this.db.row<{ n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE role = $1', [
      role,
    ]);
    return row!.n;
  }

  async listAccounts(): Promise<Account[]> {
    const rows = await this.db.rows<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY name`);
    return rows.map(toAccount);
  }
}
