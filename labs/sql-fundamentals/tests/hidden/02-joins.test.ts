import { expectSameAsReferenceAfter } from './support/reference';

jest.setTimeout(30_000);

/** A March order for customer 8, who had none, with two lines. */
const MARCH_ORDER = [
  "INSERT INTO orders (id, customer_id, placed_at, status) VALUES (900, 8, '2024-03-31 23:30:00', 'pending')",
  'INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (900, 1, 1, 34.90), (900, 20, 3, 17.00)',
];

describe('joins (hidden)', () => {
  test('02 still fits with a new March order', async () => {
    await expectSameAsReferenceAfter('02-march-order-lines.sql', [
      ...MARCH_ORDER,
      // Just after March: must not appear.
      "INSERT INTO orders (id, customer_id, placed_at, status) VALUES (901, 9, '2024-04-01 00:00:00', 'paid')",
      'INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (901, 2, 1, 49.00)',
    ]);
  });

  test('03 still fits after one customer orders and another signs up', async () => {
    await expectSameAsReferenceAfter('03-customers-without-orders.sql', [
      ...MARCH_ORDER,
      "INSERT INTO customers (first_name, last_name, email, city, joined_on) VALUES ('Rita', 'Vidal', 'rita.vidal@example.com', 'Nice', '2024-07-01')",
    ]);
  });
});
