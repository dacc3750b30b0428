/** The products the caching stages read, from MySQL and over HTTP. */
import type { Response } from 'supertest';
import { app, bodyExcerpt, mysql } from 'backlab/kit';

export interface Product {
  id: number;
  name: string;
  price_cents: number;
  stock: number;
  description: string;
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

/** A product id no row has: the highest id plus a margin. */
export async function unusedProductId(): Promise<number> {
  const [rows] = await (await mysql()).query('SELECT COALESCE(MAX(id), 0) + 100 AS id FROM products');
  return (rows as { id: number }[])[0].id;
}
