const express = require('express');
const { requireAdmin } = require('../lib/auth');
const { parseCatalogueQuery } = require('../lib/catalogue-query');
const { notFound } = require('../lib/errors');
const { objectIdOr404 } = require('../lib/ids');
const { productFields } = require('../lib/product-fields');
const products = require('../lib/products');

const router = express.Router();

router.get('/', async (req, res) => {
  const query = parseCatalogueQuery(req.query);
  const { docs, total } = await products.listProducts(query);
  res.json({
    items: docs.map(products.toApiProduct),
    page: query.page,
    limit: query.limit,
    total,
    totalPages: Math.ceil(total / query.limit),
  });
});

router.get('/:id', async (req, res) => {
  const product = await products.findProduct(objectIdOr404(req.params.id, 'product'));
  if (!product) throw notFound(`No product with id ${req.params.id}`);
  res.json(products.toApiProduct(product));
});

router.post('/', requireAdmin, async (req, res) => {
  const product = await products.createProduct(productFields(req.body, { partial: false }));
  res.status(201).json(products.toApiProduct(product));
});

router.patch('/:id', requireAdmin, async (req, res) => {
  const id = objectIdOr404(req.params.id, 'product');
  const product = await products.updateProduct(id, productFields(req.body, { partial: true }));
  if (!product) throw notFound(`No product with id ${req.params.id}`);
  res.json(products.toApiProduct(product));
});

router.delete('/:id', requireAdmin, async (req, res) => {
  const deleted = await products.deleteProduct(objectIdOr404(req.params.id, 'product'));
  if (!deleted) throw notFound(`No product with id ${req.params.id}`);
  res.status(204).end();
});

module.exports = router;
