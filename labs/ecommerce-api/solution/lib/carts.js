const { collection } = require('../db');
const { conflict, notFound } = require('./errors');
const { findProduct, findProducts } = require('./products');

// One cart document per user, keyed by the user's _id: {_id, items: [{productId, quantity}]}.
const carts = () => collection('carts');

async function cartItems(userId) {
  const cart = await carts().findOne({ _id: userId });
  return cart?.items ?? [];
}

async function saveItems(userId, items) {
  await carts().updateOne({ _id: userId }, { $set: { items, updatedAt: new Date() } }, { upsert: true });
}

/** Adds `quantity` to the line of this product (or a new line); more than the stock is a 409. */
async function addToCart(userId, productId, quantity) {
  const product = await findProduct(productId);
  if (!product) throw notFound(`No product with id ${productId.toHexString()}`);
  const items = await cartItems(userId);
  const line = items.find((item) => item.productId.equals(productId));
  const wanted = (line?.quantity ?? 0) + quantity;
  if (wanted > product.stock) {
    throw conflict(
      'out_of_stock',
      `Only ${product.stock} of "${product.name}" left; your cart would hold ${wanted}`,
    );
  }
  if (line) line.quantity = wanted;
  else items.push({ productId, quantity });
  await saveItems(userId, items);
}

/** False when the product was not in the cart. */
async function removeFromCart(userId, productId) {
  const items = await cartItems(userId);
  const kept = items.filter((item) => !item.productId.equals(productId));
  if (kept.length === items.length) return false;
  await saveItems(userId, kept);
  return true;
}

async function clearCart(userId) {
  await carts().updateOne({ _id: userId }, { $set: { items: [], updatedAt: new Date() } });
}

/** The cart's lines with today's names and prices; lines of deleted products drop out. */
async function pricedCart(userId) {
  const items = await cartItems(userId);
  const products = await findProducts(items.map((item) => item.productId));
  const byId = new Map(products.map((p) => [p._id.toHexString(), p]));
  const lines = items
    .filter((item) => byId.has(item.productId.toHexString()))
    .map((item) => {
      const product = byId.get(item.productId.toHexString());
      return { productId: item.productId, name: product.name, price: product.price, quantity: item.quantity };
    });
  return { lines, total: lines.reduce((sum, line) => sum + line.price * line.quantity, 0) };
}

function toApiCart({ lines, total }) {
  return {
    items: lines.map((line) => ({
      productId: line.productId.toHexString(),
      name: line.name,
      price: line.price,
      quantity: line.quantity,
      lineTotal: line.price * line.quantity,
    })),
    total,
  };
}

module.exports = { addToCart, removeFromCart, clearCart, pricedCart, toApiCart };
