const { collection } = require('../db');
const { ApiError, conflict } = require('./errors');
const { clearCart, pricedCart } = require('./carts');
const { returnStock, takeStock } = require('./stock');

const orders = () => collection('orders');

/**
 * Turns the user's cart into a pending order. Stock is taken line by line with conditional
 * updates; when one line cannot be filled, the lines already taken are put back, so an order is
 * all or nothing and the cart stays as it was.
 */
async function checkout(user) {
  const { lines, total } = await pricedCart(user._id);
  if (lines.length === 0) throw new ApiError(400, 'cart_empty', 'Your cart is empty');
  const taken = [];
  let placed;
  try {
    for (const line of lines) {
      if (!(await takeStock(line.productId, line.quantity))) {
        throw conflict('out_of_stock', `Not enough "${line.name}" left for ${line.quantity}`);
      }
      taken.push(line);
    }
    // Names and prices are copied: later catalogue changes must not rewrite a past order.
    const order = { userId: user._id, items: lines, total, status: 'pending', createdAt: new Date() };
    const { insertedId } = await orders().insertOne(order);
    placed = { _id: insertedId, ...order };
  } catch (err) {
    await Promise.all(taken.map((line) => returnStock(line.productId, line.quantity)));
    throw err;
  }
  await clearCart(user._id);
  return placed;
}

/** The order if it belongs to this user; someone else's order is as good as missing. */
function findOwnOrder(user, orderId) {
  return orders().findOne({ _id: orderId, userId: user._id });
}

function listOwnOrders(user) {
  return orders().find({ userId: user._id }).sort({ createdAt: -1, _id: -1 }).toArray();
}

/** Pending → paid; a paid order stays as it is, so calling this twice is harmless. */
function markPaid(orderId, paidAt) {
  return orders().updateOne({ _id: orderId, status: 'pending' }, { $set: { status: 'paid', paidAt } });
}

function toApiOrder(doc) {
  return {
    id: doc._id.toHexString(),
    items: doc.items.map((item) => ({
      productId: item.productId.toHexString(),
      name: item.name,
      price: item.price,
      quantity: item.quantity,
    })),
    total: doc.total,
    status: doc.status,
    createdAt: doc.createdAt,
    ...(doc.paidAt ? { paidAt: doc.paidAt } : {}),
  };
}

module.exports = { checkout, findOwnOrder, listOwnOrders, markPaid, toApiOrder };
