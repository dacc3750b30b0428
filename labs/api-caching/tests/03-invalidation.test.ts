import { app, mysqlSelectsDuring } from 'backlab/kit';
import { expectProduct, getProduct, productRow } from './support/cache';

describe('writes invalidate the cache', () => {
  test('after PUT, the next GET answers the new price', async () => {
    await getProduct(7);
    const put = await app().put('/api/products/7').send({ price_cents: 2345 });
    expect(put.status).toBe(200);
    const res = await getProduct(7);
    expectProduct(res, await productRow(7), 'GET /api/products/7 after PUT {price_cents: 2345}');
    expect(res.body.price_cents).toBe(2345);
  });

  test('after DELETE, the next GET answers 404', async () => {
    await getProduct(8);
    const del = await app().delete('/api/products/8');
    expect(del.status).toBe(204);
    const res = await getProduct(8);
    if (res.status !== 404) {
      throw new Error(
        `GET /api/products/8 after DELETE answered ${res.status}: the deleted product is still in the cache. Delete its key when you delete the row.`,
      );
    }
  });

  test('after an update the product is cached again', async () => {
    await getProduct(9);
    await app().put('/api/products/9').send({ stock: 3 });
    await getProduct(9);
    const { result, selects } = await mysqlSelectsDuring(() => getProduct(9));
    expectProduct(result, await productRow(9), 'GET /api/products/9');
    if (selects > 0)
      throw new Error(
        `GET /api/products/9, read twice since its update, still ran ${selects} SELECT(s) on MySQL`,
      );
  });
});
