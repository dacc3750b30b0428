import type Database from 'better-sqlite3';
import type { Account, Role } from './records';
import { toAccount, type AccountRow } from './rows';

const ACCOUNT_COLUMNS = 'accounts.id, accounts.name, accounts.role, accounts.created_at';

/** Accounts and their tokens (hashes only) in SQLite: the base of SqliteStore. */
export class SqliteAccounts {
  constructor(
    protected readonly db: Database.Database,
    protected readonly now: () => Date = () => new Date(),
  ) {}

  protected iso(): string {
    return this.now().toISOString();
  }

  async createAccount(name: string, role: Role, tokenHash: string): Promise<Account> {
    return this.db.transaction(() => {
      const at = this.iso();
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO accounts (name, role, created_at) VALUES (?, ?, ?)')
        .run(name, role, at);
      this.db
        .prepare('INSERT INTO tokens (hash, account_id, created_at) VALUES (?, ?, ?)')
        .run(tokenHash, lastInsertRowid, at);
      return { id: Number(lastInsertRowid), name, role, createdAt: at };
    })();
  }

  async addToken(accountName: string, tokenHash: string): Promise<Account | undefined> {
    const row = this.db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = ?`).get(accountName) as
      AccountRow | undefined;
    if (!row) return undefined;
    this.db
      .prepare('INSERT INTO tokens (hash, account_id, created_at) VALUES (?, ?, ?)')
      .run(tokenHash, row.id, this.iso());
    return toAccount(row);
  }

  async accountByName(name: string): Promise<Account | undefined> {
    const row = this.db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = ?`).get(name) as
      AccountRow | undefined;
    return row && toAccount(row);
  }

  async accountByTokenHash(tokenHash: string): Promise<Account | undefined> {
    const row = this.db
      .prepare(
        `SELECT ${ACCOUNT_COLUMNS} FROM tokens JOIN accounts ON accounts.id = tokens.account_id WHERE tokens.hash = ?`,
      )
      .get(tokenHash) as AccountRow | undefined;
    return row && toAccount(row);
  }

  async countAccounts(role: Role): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE role = ?').get(role) as { n: number })
      .n;
  }

  async listAccounts(): Promise<Account[]> {
    return (
      this.db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY name`).all() as AccountRow[]
    ).map(toAccount);
  }
}
