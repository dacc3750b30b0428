const { cache } = require('../cache');

/** How long a cached product lives: a missed invalidation heals itself within this time. */
const TTL_SECONDS = 60;

const keyOf = (id) => `product:${id}`;

// Reads of the same product that missed the cache at the same time share one database read.
const inFlight = new Map();

/**
 * Cache-aside: the cached product when there is one, else `load(id)`, stored for TTL_SECONDS.
 * A product that does not exist is not cached, so creating it later is seen at once.
 */
async function cachedProduct(id, load) {
  const redis = await cache();
  const hit = await redis.get(keyOf(id));
  if (hit !== null) return JSON.parse(hit);
  if (!inFlight.has(id)) {
    const read = (async () => {
      const product = await load(id);
      if (product) await redis.set(keyOf(id), JSON.stringify(product), { EX: TTL_SECONDS });
      return product;
    })().finally(() => inFlight.delete(id));
    inFlight.set(id, read);
  }
  return inFlight.get(id);
}

/** After a write: the next read goes to the database. */
async function forgetProduct(id) {
  await (await cache()).del(keyOf(id));
}

module.exports = { cachedProduct, forgetProduct };
