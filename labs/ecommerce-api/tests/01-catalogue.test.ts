import type { Document } from 'mongodb';
import { app, expectStatus } from 'backlab/kit';
import { byName, expectOrdered, expectSameProducts, list, names } from './support/catalogue';
import { expectApiError } from './support/shop-api';
import { allProducts } from './support/shop-db';

jest.setTimeout(30_000);

// Expectations come from the products collection as it is when each test runs.
const matching = async (keep: (doc: Document) => boolean) => (await allProducts()).filter(keep);

describe('GET /api/products', () => {
  test('answers {items, page, limit, total, totalPages}: the first 10 products by name', async () => {
    const docs = (await allProducts()).sort(byName);
    const listing = await list('');
    expect(listing).toMatchObject({
      page: 1,
      limit: 10,
      total: docs.length,
      totalPages: Math.ceil(docs.length / 10),
    });
    const expectedNames = docs.slice(0, 10).map((d) => d.name);
    if (listing.items.map((p) => p.name).join('|') !== expectedNames.join('|')) {
      throw new Error(
        `GET /api/products: expected the first 10 by name, ${names(docs.slice(0, 10) as Array<{ name: string }>)}; got ${names(listing.items)}`,
      );
    }
  });

  test('shows each product as {id, name, description, category, price, stock}', async () => {
    const docs = new Map((await allProducts()).map((d) => [String(d._id), d]));
    const { items } = await list('limit=50');
    for (const item of items) {
      if (typeof item.id !== 'string' || !docs.has(item.id)) {
        throw new Error(
          `GET /api/products: "id" must be the product's _id as 24 hex digits; got ${JSON.stringify(item.id)} for ${JSON.stringify(item.name)}`,
        );
      }
      const doc = docs.get(item.id)!;
      for (const field of ['name', 'description', 'category', 'price', 'stock'] as const) {
        if (item[field] !== doc[field]) {
          throw new Error(
            `GET /api/products: ${field} of "${doc.name}" should be ${JSON.stringify(doc[field])} (as stored), got ${JSON.stringify(item[field])}`,
          );
        }
      }
    }
  });

  test('filters by category', async () => {
    const listing = await list('category=games&limit=50');
    expectSameProducts(
      'GET /api/products?category=games',
      listing.items,
      await matching((d) => d.category === 'games'),
    );
    expect(listing.total).toBe(listing.items.length);
  });

  test('filters by price in cents, both bounds included', async () => {
    const listing = await list('minPrice=1999&maxPrice=3499&limit=50');
    const expected = await matching((d) => d.price >= 1999 && d.price <= 3499);
    expectSameProducts(
      'GET /api/products?minPrice=1999&maxPrice=3499 (1999 and 3499 count)',
      listing.items,
      expected,
    );
    const cheap = await list('maxPrice=2000&limit=50');
    expectSameProducts(
      'GET /api/products?maxPrice=2000',
      cheap.items,
      await matching((d) => d.price <= 2000),
    );
  });

  test('inStock=true leaves out products with stock 0', async () => {
    const listing = await list('inStock=true&limit=50');
    expectSameProducts('GET /api/products?inStock=true', listing.items, await matching((d) => d.stock > 0));
  });

  test('q finds names containing the text, whatever its case', async () => {
    const listing = await list('q=CODE&limit=50');
    const expected = await matching((d) => String(d.name).toLowerCase().includes('code'));
    expectSameProducts('GET /api/products?q=CODE', listing.items, expected);
  });

  test('sort=price and sort=-price order by price', async () => {
    const up = await list('sort=price&limit=50');
    expectOrdered('GET /api/products?sort=price', up.items, 'price');
    const down = await list('sort=-price&limit=50');
    expectOrdered('GET /api/products?sort=-price', down.items, 'price', true);
    expectSameProducts('GET /api/products?sort=-price', down.items, await allProducts());
  });

  test('pages follow on: page 2 starts where page 1 ended, none missing, none twice', async () => {
    const expected = (await allProducts()).sort(byName).map((d) => d.name);
    const first = await list('limit=4');
    expect(first.totalPages).toBe(Math.ceil(expected.length / 4));
    const seen: string[] = [];
    for (let page = 1; page <= first.totalPages; page++) {
      const listing = await list(`limit=4&page=${page}`);
      expect(listing.page).toBe(page);
      seen.push(...listing.items.map((p) => p.name));
    }
    if (seen.join('|') !== expected.join('|')) {
      throw new Error(
        `Walking GET /api/products?limit=4&page=1..${first.totalPages}: expected ${expected.join(', ')}; got ${seen.join(', ')}`,
      );
    }
    const past = await list(`limit=4&page=${first.totalPages + 1}`);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(expected.length);
  });

  test('GET /api/products/:id returns one product; unknown and malformed ids get 404 not_found', async () => {
    const [doc] = (await allProducts()).sort(byName);
    const id = String(doc._id);
    const res = await app().get(`/api/products/${id}`);
    expectStatus(res, 200, `GET /api/products/${id} ("${doc.name}")`);
    expect(res.body).toMatchObject({ id, name: doc.name, price: doc.price, stock: doc.stock });
    const unknown = 'ffffffffffffffffffffffff';
    expectApiError(
      await app().get(`/api/products/${unknown}`),
      404,
      'not_found',
      `GET /api/products/${unknown} (no such product)`,
    );
    expectApiError(
      await app().get('/api/products/not-an-id'),
      404,
      'not_found',
      'GET /api/products/not-an-id (not an ObjectId)',
    );
  });

  test('bad query values get 400 validation_error', async () => {
    for (const query of ['limit=0', 'limit=51', 'page=0', 'sort=colour', 'minPrice=cheap']) {
      expectApiError(
        await app().get(`/api/products?${query}`),
        400,
        'validation_error',
        `GET /api/products?${query}`,
      );
    }
  });
});
