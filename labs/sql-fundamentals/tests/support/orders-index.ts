/** The index stage: a big orders table and the query the learner's index must serve. */
import type { Connection } from 'mysql2/promise';

/** The query from the README that the index must speed up. */
export const RANGE_QUERY =
  "SELECT id, customer_id, placed_at FROM orders WHERE placed_at >= '2024-03-01' AND placed_at < '2024-03-08' ORDER BY placed_at";

/** Indexes the schema creates by itself: the primary key and the one behind the customer foreign key. */
export const SEEDED_INDEXES = ['PRIMARY', 'fk_orders_customer'];

const DIGITS =
  'SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9';

/**
 * Adds 3000 orders spread over two years, the same every run (no RAND()), then refreshes the
 * table statistics so the optimizer's estimates fit the new size.
 */
export async function addYearsOfOrders(conn: Connection): Promise<void> {
  await conn.query(`
    INSERT INTO orders (customer_id, placed_at, status)
    SELECT 1 + n MOD 30,
           TIMESTAMP('2022-07-01') + INTERVAL (n * 7919) MOD 1051200 MINUTE,
           ELT(1 + n MOD 4, 'pending', 'paid', 'shipped', 'cancelled')
    FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n
          FROM (${DIGITS}) a, (${DIGITS}) b, (${DIGITS}) c, (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2) e) AS seq`);
  await conn.query('ANALYZE TABLE orders');
}

export async function indexesOnOrders(conn: Connection): Promise<string[]> {
  const [rows] = await conn.query('SHOW INDEX FROM orders');
  return [...new Set((rows as { Key_name: string }[]).map((r) => r.Key_name))];
}

export interface Plan {
  type: string;
  key: string | null;
  rows: number;
}

export async function explainRangeQuery(conn: Connection): Promise<Plan> {
  const [rows] = await conn.query(`EXPLAIN ${RANGE_QUERY}`);
  const [plan] = rows as { type: string; key: string | null; rows: number }[];
  return { type: plan.type, key: plan.key, rows: Number(plan.rows) };
}
