import { expectSameAsReferenceAfter } from './support/reference';

jest.setTimeout(30_000);

/** A big paid garden order from customer 13 (who had none) and a bigger cancelled one that must not count. */
const NEW_ORDERS = [
  "INSERT INTO orders (id, customer_id, placed_at, status) VALUES (910, 13, '2024-06-30 10:00:00', 'paid'), (911, 8, '2024-06-30 11:00:00', 'cancelled')",
  'INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (910, 8, 10, 22.00), (911, 11, 4, 149.00)',
];

describe('aggregates (hidden)', () => {
  test('04 still fits after a paid and a cancelled order', async () => {
    await expectSameAsReferenceAfter('04-revenue-by-category.sql', NEW_ORDERS);
  });

  test('05 still fits after a paid and a cancelled order', async () => {
    await expectSameAsReferenceAfter('05-big-spenders.sql', NEW_ORDERS);
  });
});
