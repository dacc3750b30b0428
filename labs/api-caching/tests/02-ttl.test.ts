import { redis, redisKeysHolding } from 'backlab/kit';
import { getProduct, productRow } from './support/cache';

const MAX_TTL_SECONDS = 300;

test(`a cached product expires: its key has a TTL of at most ${MAX_TTL_SECONDS} seconds`, async () => {
  const product = await productRow(2);
  await getProduct(2);
  const keys = await redisKeysHolding(product.name);
  if (keys.length === 0) throw new Error(`After GET /api/products/2 no Redis key holds "${product.name}"`);
  const client = await redis();
  for (const key of keys) {
    const ttl = await client.ttl(key);
    if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
      const said = ttl === -1 ? 'no TTL: it never expires' : `a TTL of ${ttl} s`;
      throw new Error(
        `Redis key "${key}" has ${said}. Set one when you store it: SET key value EX 60 (node-redis: set(key, value, { EX: 60 })).`,
      );
    }
  }
});
