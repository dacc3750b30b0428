const express = require('express');
const { notImplemented } = require('../lib/not-implemented');

const router = express.Router();

// Every route here needs "Authorization: Bearer <apiToken>" (401 unauthorized without one).

// POST /api/checkout
// TODO (checkout stage):
//   - 400 cart_empty when there is nothing to buy.
//   - Takes the stock of every line, creates {userId, items: [{productId, name, price, quantity}], total,
//     status: "pending", createdAt} in orders, empties the cart: 201 {id, items, total, status, createdAt}.
//   - 409 out_of_stock when a line cannot be filled: then nothing is taken and the cart stays.
// TODO (last-item stage): many checkouts of the last unit at once: exactly one may succeed, and
//   the stock never goes below 0. A findOne, then an update, is not enough.
router.post('/checkout', notImplemented);

// GET /api/orders          200 {items: [orders]}, only the caller's own
// GET /api/orders/:id      200 with the order; 404 not_found when it is not the caller's
router.get('/orders', notImplemented);
router.get('/orders/:id', notImplemented);

// POST /api/orders/:id/pay   header Idempotency-Key: <any string you choose, reused when retrying>
// TODO (payments stage):
//   - 400 idempotency_key_required without the header.
//   - Charges the order once: stores {orderId, userId, idempotencyKey, amount, status: "succeeded", createdAt}
//     in payments, marks the order "paid", answers 201 {id, orderId, amount, status, createdAt}.
//   - The same key again (a retry), even many at once: 200 with the same payment, never a second charge.
//   - Another key for a paid order: 409 already_paid. A key used for another order: 422 idempotency_key_reused.
router.post('/orders/:id/pay', notImplemented);

module.exports = router;
