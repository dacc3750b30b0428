const { collection } = require('../db');
const { ApiError, conflict, invalid } = require('./errors');
const { markPaid } = require('./orders');

const payments = () => collection('payments');
const DUPLICATE_KEY = 11000;

/** The Idempotency-Key header: any client-chosen string of 1 to 255 characters. */
function idempotencyKey(req) {
  const key = req.get('Idempotency-Key');
  if (key === undefined || key.trim() === '') {
    throw new ApiError(
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header, reused when you retry',
    );
  }
  if (key.length > 255) throw invalid('Idempotency-Key must be at most 255 characters');
  return key;
}

/**
 * Charges `order` once. A request repeating an earlier key gets that payment back (replayed) and
 * charges nothing. The payment's _id is the order's _id: MongoDB keeps _id unique, so even
 * simultaneous requests cannot store two payments for one order, without any extra index.
 */
async function payOrder(user, order, key) {
  const earlier = await payments().findOne({ userId: user._id, idempotencyKey: key });
  if (earlier) return replay(earlier, order, key);
  const payment = {
    _id: order._id,
    orderId: order._id,
    userId: user._id,
    idempotencyKey: key,
    amount: order.total,
    status: 'succeeded',
    createdAt: new Date(),
  };
  try {
    await payments().insertOne(payment);
  } catch (err) {
    if (err.code !== DUPLICATE_KEY) throw err;
    // Lost a race, or the order was paid before: decide by the key the stored payment carries.
    return replay(await payments().findOne({ _id: order._id }), order, key);
  }
  await markPaid(order._id, payment.createdAt);
  return { payment, replayed: false };
}

async function replay(payment, order, key) {
  if (!payment.orderId.equals(order._id)) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for another order',
    );
  }
  if (payment.idempotencyKey !== key) throw conflict('already_paid', 'This order is already paid');
  // Finishes the order should the first request have stopped between the two writes.
  await markPaid(order._id, payment.createdAt);
  return { payment, replayed: true };
}

function toApiPayment(doc) {
  return {
    id: doc._id.toHexString(),
    orderId: doc.orderId.toHexString(),
    amount: doc.amount,
    status: doc.status,
    createdAt: doc.createdAt,
  };
}

module.exports = { idempotencyKey, payOrder, toApiPayment };
