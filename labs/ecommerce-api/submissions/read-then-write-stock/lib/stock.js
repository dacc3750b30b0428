// Known-bad: reads the stock, checks it in JavaScript, then decrements. Requests that arrive
// together all read the same stock before any of them writes, so they all sell the last unit.
const { collection } = require('../db');

async function takeStock(productId, quantity) {
  const product = await collection('products').findOne({ _id: productId });
  if (!product || product.stock < quantity) return false;
  await collection('products').updateOne({ _id: productId }, { $inc: { stock: -quantity } });
  return true;
}

async function returnStock(productId, quantity) {
  await collection('products').updateOne({ _id: productId }, { $inc: { stock: quantity } });
}

module.exports = { takeStock, returnStock };
