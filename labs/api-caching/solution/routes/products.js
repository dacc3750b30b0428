const express = require('express');
const pool = require('../db');
const { cachedProduct, forgetProduct } = require('../lib/product-cache');

const router = express.Router();

const FIELDS = ['name', 'price_cents', 'stock', 'description'];

// product_details is slow (about 200 ms a product): the query the cache is in front of.
async function readProduct(id) {
  const [rows] = await pool.execute(
    'SELECT id, name, price_cents, stock, description FROM product_details WHERE id = ?',
    [id],
  );
  return rows[0];
}

router.get('/:id', async (req, res) => {
  const product = await cachedProduct(Number(req.params.id), readProduct);
  if (!product) return res.status(404).json({ error: 'No such product' });
  res.json(product);
});

router.put('/:id', async (req, res) => {
  const id = Number(req.params.id);
  const changes = FIELDS.filter((field) => req.body?.[field] !== undefined);
  if (changes.length === 0)
    return res.status(400).json({ error: `Send at least one of ${FIELDS.join(', ')}` });
  const [result] = await pool.execute(
    `UPDATE products SET ${changes.map((field) => `${field} = ?`).join(', ')} WHERE id = ?`,
    [...changes.map((field) => req.body[field]), id],
  );
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such product' });
  await forgetProduct(id);
  res.json(await cachedProduct(id, readProduct));
});

router.delete('/:id', async (req, res) => {
  const id = Number(req.params.id);
  const [result] = await pool.execute('DELETE FROM products WHERE id = ?', [id]);
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such product' });
  await forgetProduct(id);
  res.status(204).end();
});

module.exports = router;
