import { expectRows, table } from './support/compare-rows';
import { runQueryFile } from './support/run-sql';

jest.setTimeout(30_000);

describe('joins', () => {
  test('02: the lines of the orders placed in March 2024', async () => {
    const file = '02-march-order-lines.sql';
    const expected = table(
      ['order_id', 'customer', 'product', 'quantity', 'line_total'],
      [
        [16, 'Ethan Robin', 'Cast iron pan', 2, '119.80'],
        [16, 'Ethan Robin', 'Plush bear', 1, '21.50'],
        [17, 'Camille Rousseau', 'Office chair', 1, '149.00'],
        [18, 'Lucas Girard', 'Wooden train', 1, '29.90'],
        [19, 'Julie Martin', 'Notebook set', 1, '9.90'],
        [19, 'Julie Martin', 'Plush bear', 2, '43.00'],
        [20, 'Julie Martin', 'Chef knife', 2, '98.00'],
        [20, 'Julie Martin', 'Garden hose', 1, '27.50'],
        [20, 'Julie Martin', 'Office chair', 1, '149.00'],
        [21, 'Julie Martin', 'Cast iron pan', 1, '59.90'],
        [22, 'Emma Moreau', 'Notebook set', 1, '9.90'],
        [22, 'Emma Moreau', 'Puzzle 1000 pieces', 1, '16.00'],
        [22, 'Emma Moreau', 'Salad bowl', 2, '34.00'],
        [23, 'Manon Faure', 'Bird feeder', 2, '44.00'],
      ],
    );
    expectRows(file, await runQueryFile(file), expected, { orderBy: 'ORDER BY order id, then product name' });
  });

  test('03: customers who never placed an order', async () => {
    const file = '03-customers-without-orders.sql';
    const expected = table(
      ['id', 'email'],
      [
        [8, 'chloe.garnier@example.com'],
        [9, 'alain.martin@example.com'],
        [13, 'omar.haddad@example.com'],
        [17, 'eva.bonnet@example.com'],
        [18, 'hugo.francois@example.com'],
        [19, 'jade.legrand@example.com'],
        [24, 'alice.fournier@example.com'],
        [27, 'sarah.clement@example.com'],
        [28, 'leo.andre@example.com'],
      ],
    );
    expectRows(file, await runQueryFile(file), expected, { orderBy: 'ORDER BY id' });
  });
});
