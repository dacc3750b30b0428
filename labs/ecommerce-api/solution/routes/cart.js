const express = require('express');
const { requireUser } = require('../lib/auth');
const { addToCart, pricedCart, removeFromCart, toApiCart } = require('../lib/carts');
const { invalid, notFound } = require('../lib/errors');
const { objectIdOr404 } = require('../lib/ids');
const { wholeNumber } = require('../lib/numbers');

const router = express.Router();
router.use(requireUser);

router.get('/', async (req, res) => {
  res.json(toApiCart(await pricedCart(req.user._id)));
});

router.post('/items', async (req, res) => {
  const { productId, quantity = 1 } = req.body ?? {};
  if (typeof productId !== 'string') throw invalid('productId must be the id of a product');
  const qty = wholeNumber(quantity, 'quantity', { min: 1, max: 1000 });
  await addToCart(req.user._id, objectIdOr404(productId, 'product'), qty);
  res.status(201).json(toApiCart(await pricedCart(req.user._id)));
});

router.delete('/items/:productId', async (req, res) => {
  const removed = await removeFromCart(req.user._id, objectIdOr404(req.params.productId, 'product'));
  if (!removed) throw notFound(`Product ${req.params.productId} is not in your cart`);
  res.json(toApiCart(await pricedCart(req.user._id)));
});

module.exports = router;
