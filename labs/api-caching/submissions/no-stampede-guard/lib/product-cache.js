// Plain cache-aside: every request that misses reads MySQL, however many arrive at once.
const { cache } = require('../cache');

/** How long a cached product lives: a missed invalidation heals itself within this time. */
const TTL_SECONDS = 60;

const keyOf = (id) => `product:${id}`;

/**
 * Cache-aside: the cached product when there is one, else `load(id)`, stored for TTL_SECONDS.
 * A product that does not exist is not cached, so creating it later is seen at once.
 */
async function cachedProduct(id, load) {
  const redis = await cache();
  const hit = await redis.get(keyOf(id));
  if (hit !== null) return JSON.parse(hit);
  const product = await load(id);
  if (product) await redis.set(keyOf(id), JSON.stringify(product), { EX: TTL_SECONDS });
  return product;
}

/** After a write: the next read goes to the database. */
async function forgetProduct(id) {
  await (await cache()).del(keyOf(id));
}

module.exports = { cachedProduct, forgetProduct };
