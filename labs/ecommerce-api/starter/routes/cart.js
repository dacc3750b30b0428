const express = require('express');
const { notImplemented } = require('../lib/not-implemented');

const router = express.Router();

// Every cart route needs "Authorization: Bearer <apiToken>" (401 unauthorized without one).

// GET /api/cart
// TODO (cart stage): 200 {items: [{productId, name, price, quantity, lineTotal}], total}; a new customer's cart is empty.
router.get('/', notImplemented);

// POST /api/cart/items   {productId, quantity}
// TODO (cart stage):
//   - Adds quantity (a whole number >= 1, default 1) to the product's line; answers 201 with the cart.
//   - 404 not_found for an unknown product; 409 out_of_stock when the cart would hold more than the stock.
router.post('/items', notImplemented);

// DELETE /api/cart/items/:productId
// TODO (cart stage): removes the line; 200 with the cart (404 not_found when it is not in the cart).
router.delete('/items/:productId', notImplemented);

module.exports = router;
