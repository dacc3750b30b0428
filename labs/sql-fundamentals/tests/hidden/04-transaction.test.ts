import { mysql } from 'backlab/kit';
import { expectPlacedOrders, FILE } from '../support/place-order';
import { runStatements } from '../support/run-sql';
import { shopState } from '../support/shop-state';
import { statementsOf } from '../support/sql-file';

jest.setTimeout(30_000);

describe('a transaction (hidden)', () => {
  test('06 can run twice: no fixed order id', async () => {
    const conn = await mysql();
    const before = await shopState(conn);
    const statements = await statementsOf(FILE);
    await runStatements(FILE, statements, conn);
    await runStatements(FILE, statements, conn);
    await expectPlacedOrders(conn, before, await shopState(conn), 2);
  });

  test('06 copies the prices the products have now', async () => {
    const conn = await mysql();
    await conn.query('UPDATE products SET price = price + 1.25 WHERE id IN (3, 17)');
    try {
      const before = await shopState(conn);
      await runStatements(FILE, await statementsOf(FILE), conn);
      await expectPlacedOrders(conn, before, await shopState(conn), 1);
    } finally {
      await conn.query('UPDATE products SET price = price - 1.25 WHERE id IN (3, 17)');
    }
  });
});
