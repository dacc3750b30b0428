import { mysql, mysqlSelectsDuring } from 'backlab/kit';
import { getProduct, unusedProductId } from './support/cache';

test('a product that does not exist is not cached: once it is added, GET finds it and caches it', async () => {
  const id = await unusedProductId();
  const missing = await getProduct(id);
  expect(missing.status).toBe(404);
  await (
    await mysql()
  ).execute('INSERT INTO products (id, name, price_cents, stock, description) VALUES (?, ?, ?, ?, ?)', [
    id,
    'Latte art pen',
    700,
    15,
    'Draws in milk foam.',
  ]);
  const found = await getProduct(id);
  if (found.status !== 200) {
    throw new Error(
      `GET /api/products/${id} answered ${found.status} after the product was added to MySQL: the earlier 404 was cached. Cache only products you found.`,
    );
  }
  expect(found.body).toMatchObject({ id, name: 'Latte art pen' });
  // Found, it is cached like any product.
  const { selects } = await mysqlSelectsDuring(() => getProduct(id));
  if (selects > 0)
    throw new Error(
      `GET /api/products/${id}, once found, still ran ${selects} SELECT(s) on MySQL on the next read`,
    );
});
