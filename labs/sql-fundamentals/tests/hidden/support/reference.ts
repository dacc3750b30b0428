/**
 * The reference queries, for comparing on changed data: a learner's query that returns literal
 * rows, or only fits the seed by chance, differs from these once rows are added.
 */
import { mysql } from 'backlab/kit';
import { asExpected, expectRows } from '../../support/compare-rows';
import { runQueryFile, type QueryResult } from '../../support/run-sql';

export const REFERENCE: Record<string, { sql: string; orderBy: string }> = {
  '01-customers-in-lyon.sql': {
    sql: "SELECT id, first_name, last_name, email FROM customers WHERE city = 'Lyon' ORDER BY last_name, first_name",
    orderBy: 'ORDER BY last_name, first_name',
  },
  '02-march-order-lines.sql': {
    sql: `SELECT o.id AS order_id, CONCAT(c.first_name, ' ', c.last_name) AS customer, p.name AS product,
                 oi.quantity, oi.quantity * oi.unit_price AS line_total
          FROM orders o JOIN customers c ON c.id = o.customer_id
          JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id
          WHERE o.placed_at >= '2024-03-01' AND o.placed_at < '2024-04-01'
          ORDER BY o.id, p.name`,
    orderBy: 'ORDER BY order id, then product name',
  },
  '03-customers-without-orders.sql': {
    sql: 'SELECT c.id, c.email FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id',
    orderBy: 'ORDER BY id',
  },
  '04-revenue-by-category.sql': {
    sql: `SELECT cat.name AS category, COUNT(DISTINCT o.id) AS orders, SUM(oi.quantity) AS units,
                 SUM(oi.quantity * oi.unit_price) AS revenue
          FROM categories cat JOIN products p ON p.category_id = cat.id
          JOIN order_items oi ON oi.product_id = p.id JOIN orders o ON o.id = oi.order_id
          WHERE o.status IN ('paid', 'shipped')
          GROUP BY cat.id, cat.name ORDER BY revenue DESC`,
    orderBy: 'ORDER BY revenue DESC',
  },
  '05-big-spenders.sql': {
    sql: `SELECT c.id AS customer_id, c.email, COUNT(DISTINCT o.id) AS orders,
                 SUM(oi.quantity * oi.unit_price) AS total_spent
          FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items oi ON oi.order_id = o.id
          WHERE o.status IN ('paid', 'shipped')
          GROUP BY c.id, c.email HAVING SUM(oi.quantity * oi.unit_price) > 200
          ORDER BY total_spent DESC`,
    orderBy: 'ORDER BY total_spent DESC',
  },
};

/**
 * Applies `changes` inside a transaction, compares the learner's query with the reference on
 * that data, and rolls everything back, so other suites of the stage still see the seed.
 */
export async function expectSameAsReferenceAfter(file: string, changes: string[]): Promise<void> {
  const conn = await mysql();
  const reference = REFERENCE[file];
  await conn.query('START TRANSACTION');
  try {
    for (const change of changes) await conn.query(change);
    const [rows, fields] = await conn.query(reference.sql);
    const expected: QueryResult = {
      columns: (fields ?? []).map((f) => f.name),
      rows: rows as Record<string, unknown>[],
    };
    expectRows(file, await runQueryFile(file, conn), asExpected(expected), { orderBy: reference.orderBy });
  } finally {
    await conn.query('ROLLBACK');
  }
}
