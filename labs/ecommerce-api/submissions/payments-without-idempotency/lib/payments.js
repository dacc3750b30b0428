// Known-bad: ignores the Idempotency-Key beyond requiring it. A retry of a paid order gets 409
// instead of its payment, and simultaneous retries all see a pending order and all charge.
const { collection } = require('../db');
const { ApiError, conflict } = require('./errors');
const { markPaid } = require('./orders');

function idempotencyKey(req) {
  const key = req.get('Idempotency-Key');
  if (!key) throw new ApiError(400, 'idempotency_key_required', 'Send an Idempotency-Key header');
  return key;
}

async function payOrder(user, order, key) {
  if (order.status === 'paid') throw conflict('already_paid', 'This order is already paid');
  const payment = { orderId: order._id, userId: user._id, idempotencyKey: key, amount: order.total, status: 'succeeded', createdAt: new Date() };
  const { insertedId } = await collection('payments').insertOne(payment);
  await markPaid(order._id, payment.createdAt);
  return { payment: { _id: insertedId, ...payment }, replayed: false };
}

function toApiPayment(doc) {
  return { id: doc._id.toHexString(), orderId: doc.orderId.toHexString(), amount: doc.amount, status: doc.status, createdAt: doc.createdAt };
}

module.exports = { idempotencyKey, payOrder, toApiPayment };
