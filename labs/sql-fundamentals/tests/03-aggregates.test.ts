import { expectRows, table } from './support/compare-rows';
import { runQueryFile } from './support/run-sql';

jest.setTimeout(30_000);

describe('aggregates', () => {
  test('04: revenue per category from paid and shipped orders, highest first', async () => {
    const file = '04-revenue-by-category.sql';
    const expected = table(
      ['category', 'orders', 'units', 'revenue'],
      [
        ['Office', 22, 45, '2596.60'],
        ['Kitchen', 15, 22, '662.20'],
        ['Toys', 15, 25, '546.80'],
        ['Bathroom', 8, 16, '330.90'],
        ['Garden', 8, 16, '330.60'],
      ],
    );
    expectRows(file, await runQueryFile(file), expected, { orderBy: 'ORDER BY revenue DESC' });
  });

  test('05: customers who spent more than 200.00, biggest spender first', async () => {
    const file = '05-big-spenders.sql';
    const expected = table(
      ['customer_id', 'email', 'orders', 'total_spent'],
      [
        [5, 'karim.benali@example.com', 4, '625.30'],
        [7, 'louis.blanc@example.com', 2, '495.00'],
        [22, 'zoe.perrin@example.com', 4, '469.50'],
        [4, 'julie.martin@example.com', 5, '468.70'],
        [25, 'ethan.robin@example.com', 3, '412.80'],
        [3, 'ines.roux@example.com', 2, '348.00'],
        [15, 'sophie.bernard@example.com', 3, '323.80'],
        [30, 'gabriel.bertrand@example.com', 2, '209.60'],
      ],
    );
    expectRows(file, await runQueryFile(file), expected, { orderBy: 'ORDER BY total_spent DESC' });
  });
});
