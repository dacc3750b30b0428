import type { Connection } from 'mysql2/promise';
import { mysql } from 'backlab/kit';
import { expectPlacedOrders, FILE } from './support/place-order';
import { runStatements } from './support/run-sql';
import { CUSTOMER, newOrders, otherSession, shopState } from './support/shop-state';
import { excerpt, shown, statementsOf } from './support/sql-file';

jest.setTimeout(30_000);

let other: Connection | undefined;
afterAll(async () => {
  await other?.end();
});

describe('a transaction', () => {
  test('06: places the order: one paid order, its two lines, lower stock', async () => {
    const conn = await mysql();
    const before = await shopState(conn);
    await runStatements(FILE, await statementsOf(FILE), conn);
    await expectPlacedOrders(conn, before, await shopState(conn), 1);
  });

  test('06: other sessions see none of it before COMMIT', async () => {
    const statements = await statementsOf(FILE);
    const first = statements[0];
    const last = statements.at(-1)!;
    if (!/^(START\s+TRANSACTION|BEGIN)\b/i.test(first) || !/^COMMIT\b/i.test(last)) {
      throw new Error(
        `${shown(FILE)} must start with START TRANSACTION; and end with COMMIT; ` +
          `(it starts with "${excerpt(first)}" and ends with "${excerpt(last)}")`,
      );
    }
    const conn = await mysql();
    other = await otherSession();
    const before = await shopState(other);
    await runStatements(FILE, statements.slice(0, -1), conn);
    const during = await shopState(other);
    if (
      newOrders(before, during).length > 0 ||
      [...during.stock].some(([id, stock]) => before.stock.get(id) !== stock)
    ) {
      await conn.query('ROLLBACK');
      throw new Error(
        `${shown(FILE)}: another session already saw the new order or the stock change before your COMMIT. ` +
          'Every change must sit between START TRANSACTION and the one COMMIT at the end (no COMMIT in between, no statement that commits by itself such as CREATE or ALTER).',
      );
    }
    await conn.query(last);
    const after = await shopState(other);
    if (newOrders(before, after).length !== 1) {
      throw new Error(
        `${shown(FILE)}: after COMMIT another session should see 1 new order for customer ${CUSTOMER}, it sees ${newOrders(before, after).length}`,
      );
    }
  });
});
