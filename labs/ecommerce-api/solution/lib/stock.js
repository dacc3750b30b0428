const { collection } = require('../db');

/**
 * Takes `quantity` units if that many are left. The check and the decrement are one conditional
 * update, so two buyers can never both take the last unit and stock never goes below 0.
 */
async function takeStock(productId, quantity) {
  const { matchedCount } = await collection('products').updateOne(
    { _id: productId, stock: { $gte: quantity } },
    { $inc: { stock: -quantity } },
  );
  return matchedCount === 1;
}

/** Puts units back, when a later line of the same order could not be filled. */
async function returnStock(productId, quantity) {
  await collection('products').updateOne({ _id: productId }, { $inc: { stock: quantity } });
}

module.exports = { takeStock, returnStock };
