/** What the caching stages measure: SELECTs that reached MySQL, and what the app put in Redis. */
import type { Response } from 'supertest';
import { app, bodyExcerpt, mysql, mysqlStatus, redis } from 'backlab/kit';

export interface Product {
  id: number;
  name: string;
  price_cents: number;
  stock: number;
  description: string;
}

/** The SELECTs every MySQL client ran while `work` ran; the suites run none of their own meanwhile. */
export async function selectsDuring<T>(work: () => Promise<T>): Promise<{ result: T; selects: number }> {
  const before = (await mysqlStatus('Com_select')).Com_select;
  const result = await work();
  const after = (await mysqlStatus('Com_select')).Com_select;
  return { result, selects: after - before };
}

export async function productRow(id: number): Promise<Product> {
  const [rows] = await (
    await mysql()
  ).execute('SELECT id, name, price_cents, stock, description FROM products WHERE id = ?', [id]);
  return (rows as Product[])[0];
}

export function getProduct(id: number): Promise<Response> {
  return app().get(`/api/products/${id}`);
}

/** GET /api/products/:id must answer 200 with exactly the product. */
export function expectProduct(res: Response, product: Product, context: string): void {
  if (res.status !== 200) {
    throw new Error(`${context}: expected status 200, got ${res.status} (body: ${bodyExcerpt(res)})`);
  }
  expect(res.body).toEqual(product);
}

/** The keys of Redis whose value (a string, or a hash's fields) holds `text`, such as a product's name. */
export async function keysHolding(text: string): Promise<string[]> {
  const client = await redis();
  const found: string[] = [];
  for (const key of await client.keys('*')) {
    const type = await client.type(key);
    const value =
      type === 'string'
        ? await client.get(key)
        : type === 'hash'
          ? JSON.stringify(await client.hgetall(key))
          : '';
    if (value?.includes(text)) found.push(key);
  }
  return found;
}

/** A product id no row has: the highest id plus a margin. */
export async function unusedProductId(): Promise<number> {
  const [rows] = await (await mysql()).query('SELECT COALESCE(MAX(id), 0) + 100 AS id FROM products');
  return (rows as { id: number }[])[0].id;
}
