import { ObjectId } from 'mongodb';
import { app, expectStatus, mongo } from 'backlab/kit';
import { expectOrdered, expectSameProducts, list, type ApiProduct } from '../support/catalogue';
import { addProducts, allProducts, tag, type ProductSpec } from '../support/shop-db';
import { expectApiError } from '../support/shop-api';

jest.setTimeout(30_000);

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)];

/** Products of a category of their own, with many equal prices and some sold out. */
async function shelf(count: number) {
  const category = `shelf-${tag()}`;
  const specs: ProductSpec[] = Array.from({ length: count }, (_, i) => ({
    name: `${pick(['Oak', 'Pine', 'Teak', 'Ash'])} ${pick(['Stool', 'Shelf', 'Crate'])} ${tag()}${i}`,
    category,
    price: pick([990, 1490, 1490, 2990, 4990]),
    stock: pick([0, 1, 3, 8]),
  }));
  await addProducts(specs);
  const docs = (await allProducts()).filter((d) => d.category === category);
  return { category, docs };
}

describe('GET /api/products (more cases)', () => {
  test('sort=price across pages: every product exactly once, prices never going down', async () => {
    const { category, docs } = await shelf(17);
    const seen: ApiProduct[] = [];
    const first = await list(`category=${category}&sort=price&limit=5`);
    expect({ total: first.total, totalPages: first.totalPages }).toEqual({ total: 17, totalPages: 4 });
    for (let page = 1; page <= 4; page++)
      seen.push(...(await list(`category=${category}&sort=price&limit=5&page=${page}`)).items);
    const ids = seen.map((p) => p.id);
    if (new Set(ids).size !== ids.length) {
      throw new Error(
        'Walking pages of sort=price showed a product twice: equal prices need a tie-breaker (such as _id) so every page sorts the same way',
      );
    }
    expectSameProducts(`pages 1-4 of GET /api/products?category=${category}&sort=price&limit=5`, seen, docs);
    expectOrdered('pages of sort=price', seen, 'price');
  });

  test('category, minPrice, maxPrice, inStock and sort=-price together', async () => {
    const { category, docs } = await shelf(14);
    const listing = await list(
      `category=${category}&minPrice=1490&maxPrice=4990&inStock=true&sort=-price&limit=50`,
    );
    const expected = docs.filter((d) => d.price >= 1490 && d.price <= 4990 && d.stock > 0);
    expectSameProducts(
      'GET /api/products with category, minPrice=1490, maxPrice=4990, inStock=true',
      listing.items,
      expected,
    );
    expectOrdered('the same listing with sort=-price', listing.items, 'price', true);
    expect(listing.total).toBe(expected.length);
  });

  test('q is matched as plain text: "(" and ".*" are characters, not patterns', async () => {
    const t = tag();
    await addProducts([
      { name: `Mug (large) ${t}`, category: `mugs-${t}` },
      { name: `Mug large ${t}`, category: `mugs-${t}` },
      { name: `Regex .* Poster ${t}`, category: `mugs-${t}` },
    ]);
    const paren = await list(`q=${encodeURIComponent('(large)')}&category=mugs-${t}`);
    expect(paren.items.map((p) => p.name)).toEqual([`Mug (large) ${t}`]);
    const star = await list(`q=${encodeURIComponent('.*')}&category=mugs-${t}`);
    expect(star.items.map((p) => p.name)).toEqual([`Regex .* Poster ${t}`]);
    const lonely = await app().get(`/api/products?q=${encodeURIComponent('(')}`);
    expectStatus(lonely, 200, 'GET /api/products?q=( (an unbalanced parenthesis is just a character)');
  });

  test('sort=-name and sort=-createdAt', async () => {
    const { category, docs } = await shelf(6);
    const byNameDesc = await list(`category=${category}&sort=-name`);
    expectOrdered('GET /api/products?sort=-name', byNameDesc.items, 'name', true);
    expectSameProducts('GET /api/products?sort=-name', byNameDesc.items, docs);
    const t = tag();
    const [older, newer] = await addProducts([{ category: `dated-${t}` }, { category: `dated-${t}` }]);
    const db = await mongo();
    await db
      .collection('products')
      .updateOne({ _id: new ObjectId(older.id) }, { $set: { createdAt: new Date('2023-01-01T00:00:00Z') } });
    const newest = await list(`category=dated-${t}&sort=-createdAt`);
    expect(newest.items.map((p) => p.id)).toEqual([newer.id, older.id]);
  });

  test('a product added while the app runs is listed at once (no stale cache)', async () => {
    const [fresh] = await addProducts([{ name: `Fresh Basil ${tag()}` }]);
    const res = await app().get(`/api/products/${fresh.id}`);
    expectStatus(res, 200, 'GET /api/products/:id of a product inserted a moment ago');
    const listing = await list(`category=${encodeURIComponent(fresh.category)}`);
    expect(listing.items.map((p) => p.id)).toEqual([fresh.id]);
  });

  test('more bad query values get 400 validation_error', async () => {
    for (const query of [
      'limit=-5',
      'limit=ten',
      'page=1.5',
      'maxPrice=-1',
      'sort=price,name',
      'inStock=yes',
    ]) {
      expectApiError(
        await app().get(`/api/products?${query}`),
        400,
        'validation_error',
        `GET /api/products?${query}`,
      );
    }
  });
});
