const express = require('express');

/** POST /api/notes {title, body?} and GET /api/notes/:id, on notes kept in memory. */
function notesRouter() {
  const notes = [{ id: 1, title: 'Welcome', body: 'The first note.' }];
  const router = express.Router();
  router.post('/', (req, res) => {
    const { title, body = '' } = req.body ?? {};
    if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
      return res.status(400).json({ error: 'title must be a non-empty string of at most 200 characters' });
    }
    const note = { id: notes.length + 1, title, body: String(body) };
    notes.push(note);
    res.status(201).json(note);
  });
  router.get('/:id', (req, res) => {
    const note = notes.find((n) => n.id === Number(req.params.id));
    res.json(note ?? null);
  });
  return router;
}

module.exports = { notesRouter };
