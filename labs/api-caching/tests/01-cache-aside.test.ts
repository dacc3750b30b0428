import { mysqlSelectsDuring, redisHitsAndMisses, redisKeysHolding } from 'backlab/kit';
import { expectProduct, getProduct, productRow } from './support/cache';

describe('GET /api/products/:id through the cache', () => {
  test('the first GET answers the product from MySQL', async () => {
    const product = await productRow(3);
    expectProduct(await getProduct(3), product, 'GET /api/products/3');
  });

  test('the first GET stores the product in Redis', async () => {
    const product = await productRow(4);
    await getProduct(4);
    const keys = await redisKeysHolding(product.name);
    if (keys.length === 0) {
      throw new Error(
        `After GET /api/products/4 no Redis key holds "${product.name}": store the product (JSON.stringify it) under a key such as product:4 after reading it from MySQL.`,
      );
    }
  });

  test('a second GET is served from Redis: no SELECT reaches MySQL', async () => {
    const product = await productRow(5);
    expectProduct(await getProduct(5), product, 'first GET /api/products/5');
    const { result, selects } = await mysqlSelectsDuring(() => getProduct(5));
    expectProduct(result, product, 'second GET /api/products/5');
    if (selects > 0) {
      throw new Error(
        `The second GET /api/products/5 ran ${selects} SELECT(s) on MySQL: look in Redis first, and read MySQL only on a miss.`,
      );
    }
  });

  test('Redis counts the repeated reads as hits', async () => {
    await getProduct(6);
    const before = await redisHitsAndMisses();
    for (let i = 0; i < 3; i += 1) await getProduct(6);
    const after = await redisHitsAndMisses();
    if (after.hits - before.hits < 3) {
      throw new Error(
        `Three GETs of a cached product made ${after.hits - before.hits} cache hit(s) in Redis (keyspace_hits): read the product with GET (or HGETALL) of its key.`,
      );
    }
  });
});
