/** The checks of the place-order stage, shared by its visible and hidden suites. */
import type { Connection } from 'mysql2/promise';
import { canonical } from './compare-rows';
import { CUSTOMER, ORDERED, newOrders, orderOf, stockChanges, type ShopState } from './shop-state';
import { shown } from './sql-file';

export const FILE = '06-place-order.sql';

/** Fails unless exactly one new paid order with the two lines at `prices` appeared, and stock fell by the quantities × `times`. */
export async function expectPlacedOrders(
  conn: Connection,
  before: ShopState,
  after: ShopState,
  times: number,
  prices = before.price,
): Promise<number[]> {
  const where = shown(FILE);
  const created = newOrders(before, after);
  if (created.length !== times) {
    throw new Error(
      `${where} run ${times === 1 ? 'once' : `${times} times`}: expected ${times} new order${times === 1 ? '' : 's'} for customer ${CUSTOMER}, found ${created.length}`,
    );
  }
  for (const id of created) {
    const order = await orderOf(conn, id);
    if (order.status !== 'paid')
      throw new Error(
        `${where}: the new order ${id} has status ${JSON.stringify(order.status)}, expected "paid"`,
      );
    const want = Object.entries(ORDERED).map(
      ([product, quantity]) => `product ${product}: ${quantity} × ${canonical(prices.get(Number(product)))}`,
    );
    const got = order.lines.map((l) => `product ${l.product_id}: ${l.quantity} × ${canonical(l.unit_price)}`);
    if (want.join('; ') !== got.join('; ')) {
      throw new Error(
        `${where}: the lines of order ${id} should be [${want.join('; ')}] (unit_price = the product's current price), got [${got.join('; ') || 'no lines'}]`,
      );
    }
  }
  const changes = stockChanges(before, after);
  const wantStock = Object.entries(ORDERED).map(
    ([product, quantity]) => `product ${product}: ${-quantity * times}`,
  );
  const gotStock = [...changes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([product, delta]) => `product ${product}: ${delta}`);
  if (wantStock.join('; ') !== gotStock.join('; ')) {
    throw new Error(
      `${where}: stock should change by [${wantStock.join('; ')}], it changed by [${gotStock.join('; ') || 'nothing'}]`,
    );
  }
  return created;
}
