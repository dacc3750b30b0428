/** Reading the catalogue, and what it should show, worked out from the products collection. */
import type { Document } from 'mongodb';
import { app, bodyExcerpt, expectStatus } from 'backlab/kit';

export interface ApiProduct {
  id: string;
  name: string;
  description: string;
  category: string;
  price: number;
  stock: number;
}

export interface Listing {
  items: ApiProduct[];
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

/** GET /api/products?<query>, checked to be 200 with the listing shape. */
export async function list(query: string): Promise<Listing> {
  const path = `/api/products${query ? `?${query}` : ''}`;
  const res = await app().get(path);
  expectStatus(res, 200, `GET ${path}`);
  const body = res.body ?? {};
  const numbers = ['page', 'limit', 'total', 'totalPages'].filter((key) => !Number.isInteger(body[key]));
  if (!Array.isArray(body.items) || numbers.length > 0) {
    throw new Error(
      `GET ${path}: expected {items: [...], page, limit, total, totalPages} (whole numbers), ` +
        `${numbers.length ? `missing or not whole numbers: ${numbers.join(', ')}; ` : ''}got ${bodyExcerpt(res)}`,
    );
  }
  return body as Listing;
}

/** MongoDB compares strings by their bytes, so "Z" sorts before "a"; so does this. */
export function byName(a: Document, b: Document): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function names(items: Array<{ name: string }>): string {
  return items.map((p) => JSON.stringify(p.name)).join(', ') || '(none)';
}

/** Fails unless the listing holds exactly the expected products (by id), whatever their order. */
export function expectSameProducts(context: string, got: ApiProduct[], expected: Document[]): void {
  const want = new Set(expected.map((doc) => String(doc._id)));
  const have = new Set(got.map((p) => p.id));
  const missing = expected.filter((doc) => !have.has(String(doc._id)));
  const extra = got.filter((p) => !want.has(p.id));
  if (missing.length || extra.length || got.length !== expected.length) {
    throw new Error(
      `${context}: expected ${expected.length} products, got ${got.length}.` +
        (missing.length ? ` Missing: ${names(missing as Array<{ name: string }>)}.` : '') +
        (extra.length ? ` Not expected: ${names(extra)}.` : ''),
    );
  }
}

/** Fails unless `key` never decreases (or never increases, for descending) along the items. */
export function expectOrdered(
  context: string,
  items: ApiProduct[],
  key: 'price' | 'name',
  descending = false,
): void {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1][key], items[i][key]];
    if (descending ? a < b : a > b) {
      throw new Error(
        `${context}: expected ${key} ${descending ? 'descending' : 'ascending'}, but ${JSON.stringify(items[i - 1].name)} (${a}) comes before ${JSON.stringify(items[i].name)} (${b})`,
      );
    }
  }
}
