const express = require('express');
const { requireUser } = require('../lib/auth');
const { notFound } = require('../lib/errors');
const { objectIdOr404 } = require('../lib/ids');
const { checkout, findOwnOrder, listOwnOrders, toApiOrder } = require('../lib/orders');
const { idempotencyKey, payOrder, toApiPayment } = require('../lib/payments');

const router = express.Router();

router.post('/checkout', requireUser, async (req, res) => {
  res.status(201).json(toApiOrder(await checkout(req.user)));
});

router.get('/orders', requireUser, async (req, res) => {
  res.json({ items: (await listOwnOrders(req.user)).map(toApiOrder) });
});

router.get('/orders/:id', requireUser, async (req, res) => {
  res.json(toApiOrder(await ownOrderOr404(req)));
});

router.post('/orders/:id/pay', requireUser, async (req, res) => {
  const key = idempotencyKey(req);
  const { payment, replayed } = await payOrder(req.user, await ownOrderOr404(req), key);
  res.status(replayed ? 200 : 201).json(toApiPayment(payment));
});

async function ownOrderOr404(req) {
  const order = await findOwnOrder(req.user, objectIdOr404(req.params.id, 'order'));
  if (!order) throw notFound(`No order with id ${req.params.id}`);
  return order;
}

module.exports = router;
