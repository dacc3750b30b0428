const express = require('express');
const { ObjectId } = require('mongodb');
const { notes } = require('./db');
const { titleProblem } = require('./validation');

const router = express.Router();

/** A stored note as the API shows it: the ObjectId as a string named id. */
function shown(note) {
  return { id: note._id.toHexString(), title: note.title, body: note.body };
}

router.post('/', async (req, res) => {
  const { title, body = '' } = req.body ?? {};
  const problem = titleProblem(title) ?? (typeof body === 'string' ? undefined : 'body must be text');
  if (problem) return res.status(400).json({ error: problem });
  const { insertedId } = await notes().insertOne({ title, body });
  res.status(201).json(shown({ _id: insertedId, title, body }));
});

router.get('/', async (req, res) => {
  const all = await notes().find().sort({ _id: 1 }).toArray();
  res.json(all.map(shown));
});

router.get('/:id', async (req, res) => {
  const note = ObjectId.isValid(req.params.id)
    ? await notes().findOne({ _id: new ObjectId(req.params.id) })
    : null;
  if (!note) return res.status(404).json({ error: `No note with id ${req.params.id}` });
  res.json(shown(note));
});

module.exports = router;
