const express = require('express');
// const { ObjectId } = require('mongodb');
// const { collection } = require('../db');
// const { invalid, notFound } = require('../lib/errors');
const { notImplemented } = require('../lib/not-implemented');

const router = express.Router();

// GET /api/products?category=&minPrice=&maxPrice=&inStock=true&q=&sort=&page=&limit=
// TODO (catalogue stage):
//   - 200 {items, page, limit, total, totalPages}; items are {id, name, description, category, price, stock, createdAt}.
//   - Filters combine: category (exact), minPrice/maxPrice (cents, inclusive), inStock=true (stock > 0),
//     q (name contains the text, any case, matched literally).
//   - sort: name (default), -name, price, -price, createdAt, -createdAt; equal values keep a fixed order.
//   - page (default 1, at least 1), limit (default 10, 1 to 50). Bad values: 400 validation_error.
router.get('/', notImplemented);

// GET /api/products/:id
// TODO (catalogue stage): 200 with the product; 404 not_found for unknown ids and for ids that are not 24 hex digits.
router.get('/:id', notImplemented);

// POST /api/products   {name, description?, category, price, stock}        (admins only)
// PATCH /api/products/:id  any of those fields                               (admins only)
// DELETE /api/products/:id                                                   (admins only)
// TODO (admin-products stage):
//   - "Authorization: Bearer <apiToken>" (see the users collection). Missing or unknown: 401 unauthorized.
//     A customer: 403 forbidden.
//   - POST: 201 with the product. PATCH: 200 with the whole product. DELETE: 204. Unknown id: 404 not_found.
//   - price (cents) and stock are whole numbers >= 0; name and category non-empty strings: else 400 validation_error.
router.post('/', notImplemented);
router.patch('/:id', notImplemented);
router.delete('/:id', notImplemented);

module.exports = router;
