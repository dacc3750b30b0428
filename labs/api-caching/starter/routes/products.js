const express = require('express');
const pool = require('../db');
// const { cache } = require('../cache');

const router = express.Router();

const FIELDS = ['name', 'price_cents', 'stock', 'description'];

// product_details is slow (about 200 ms a product): the query to put a cache in front of.
async function readProduct(id) {
  const [rows] = await pool.execute(
    'SELECT id, name, price_cents, stock, description FROM product_details WHERE id = ?',
    [id],
  );
  return rows[0];
}

router.get('/:id', async (req, res) => {
  // TODO (cache-aside): look in Redis first; on a miss read MySQL and store the product there,
  // with a time to live (TTL) of 60 seconds. Never cache a product that does not exist.
  // TODO (stampede): when many requests miss the same product at once, only one should read MySQL.
  const product = await readProduct(Number(req.params.id));
  if (!product) return res.status(404).json({ error: 'No such product' });
  res.json(product);
});

router.put('/:id', async (req, res) => {
  const changes = FIELDS.filter((field) => req.body?.[field] !== undefined);
  if (changes.length === 0)
    return res.status(400).json({ error: `Send at least one of ${FIELDS.join(', ')}` });
  const [result] = await pool.execute(
    `UPDATE products SET ${changes.map((field) => `${field} = ?`).join(', ')} WHERE id = ?`,
    [...changes.map((field) => req.body[field]), Number(req.params.id)],
  );
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such product' });
  // TODO (invalidation): the cached copy is stale now.
  res.json(await readProduct(Number(req.params.id)));
});

router.delete('/:id', async (req, res) => {
  const [result] = await pool.execute('DELETE FROM products WHERE id = ?', [Number(req.params.id)]);
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such product' });
  // TODO (invalidation): the cached copy is stale now.
  res.status(204).end();
});

module.exports = router;
