const express = require('express');
const pool = require('./db');
const redis = require('./redis');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => res.json({ status: 'ok' }));

const CACHE_SECONDS = 60;
const cacheKey = (id) => `note:${id}`;

async function noteFromDatabase(id) {
  const [rows] = await pool.execute('SELECT id, title, body FROM notes WHERE id = ?', [id]);
  return rows[0];
}

app.get('/api/notes/:id', async (req, res) => {
  const id = Number(req.params.id);
  const cached = await redis.get(cacheKey(id));
  if (cached) return res.json(JSON.parse(cached));
  const note = await noteFromDatabase(id);
  if (!note) return res.status(404).json({ error: 'No such note' });
  await redis.set(cacheKey(id), JSON.stringify(note), 'EX', CACHE_SECONDS);
  res.json(note);
});

app.put('/api/notes/:id', async (req, res) => {
  const id = Number(req.params.id);
  const { title } = req.body ?? {};
  if (typeof title !== 'string' || title === '') return res.status(400).json({ error: 'title is required' });
  const [result] = await pool.execute('UPDATE notes SET title = ? WHERE id = ?', [title, id]);
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such note' });
  await redis.del(cacheKey(id));
  res.json({ id, title });
});

module.exports = app;
