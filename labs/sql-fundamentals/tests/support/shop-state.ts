/** Snapshots of the shop tables, to check what the place-order transaction changed. */
import type { Connection } from 'mysql2/promise';
import { newMysqlSession } from 'backlab/kit';

export const CUSTOMER = 12;
/** product id → quantity ordered by 06-place-order.sql */
export const ORDERED: Record<number, number> = { 3: 2, 17: 1 };

export interface ShopState {
  /** Ids of the customer's orders. */
  orderIds: number[];
  /** product id → stock */
  stock: Map<number, number>;
  /** product id → price, as text ("8.50") */
  price: Map<number, string>;
}

export async function shopState(conn: Connection): Promise<ShopState> {
  const [orders] = await conn.query('SELECT id FROM orders WHERE customer_id = ? ORDER BY id', [CUSTOMER]);
  const [products] = await conn.query('SELECT id, stock, price FROM products ORDER BY id');
  const rows = products as { id: number; stock: number; price: string }[];
  return {
    orderIds: (orders as { id: number }[]).map((o) => o.id),
    stock: new Map(rows.map((p) => [p.id, p.stock])),
    price: new Map(rows.map((p) => [p.id, String(p.price)])),
  };
}

export interface OrderLine {
  product_id: number;
  quantity: number;
  unit_price: string;
}

export async function orderOf(conn: Connection, id: number): Promise<{ status: string; lines: OrderLine[] }> {
  const [orders] = await conn.query('SELECT status FROM orders WHERE id = ?', [id]);
  const [lines] = await conn.query(
    'SELECT product_id, quantity, unit_price FROM order_items WHERE order_id = ? ORDER BY product_id',
    [id],
  );
  return { status: (orders as { status: string }[])[0]?.status ?? 'missing', lines: lines as OrderLine[] };
}

/** The orders of `after` that `before` did not have. */
export function newOrders(before: ShopState, after: ShopState): number[] {
  return after.orderIds.filter((id) => !before.orderIds.includes(id));
}

/** Products whose stock moved, as "product 3: 25 → 23". */
export function stockChanges(before: ShopState, after: ShopState): Map<number, number> {
  const changes = new Map<number, number>();
  for (const [id, stock] of after.stock)
    if (stock !== before.stock.get(id)) changes.set(id, stock - (before.stock.get(id) ?? 0));
  return changes;
}

/** A second session on the lab database, as another user of the shop would have. */
export function otherSession(): Promise<Connection> {
  return newMysqlSession();
}
