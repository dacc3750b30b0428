const express = require('express');
const pool = require('./db');
// const redis = require('./redis');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => res.json({ status: 'ok' }));

async function noteFromDatabase(id) {
  const [rows] = await pool.execute('SELECT id, title, body FROM notes WHERE id = ?', [id]);
  return rows[0];
}

app.get('/api/notes/:id', async (req, res) => {
  // TODO: answer from Redis when the note is cached; else read MySQL and cache it for 60 s.
  const note = await noteFromDatabase(Number(req.params.id));
  if (!note) return res.status(404).json({ error: 'No such note' });
  res.json(note);
});

app.put('/api/notes/:id', async (req, res) => {
  const { title } = req.body ?? {};
  if (typeof title !== 'string' || title === '') return res.status(400).json({ error: 'title is required' });
  const [result] = await pool.execute('UPDATE notes SET title = ? WHERE id = ?', [
    title,
    Number(req.params.id),
  ]);
  if (result.affectedRows === 0) return res.status(404).json({ error: 'No such note' });
  // TODO: the cached note is out of date now.
  res.json({ id: Number(req.params.id), title });
});

module.exports = app;
